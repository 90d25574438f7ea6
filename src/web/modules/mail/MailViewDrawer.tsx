import { useState } from 'react';
import { Drawer } from 'antd';
import { useTranslation } from 'react-i18next';
import { MailLetter } from './MailLetter.js';

/** The letter view over a list: opens on `id`; a letter of its conversation opens in its place. */
export function MailViewDrawer({ id, onClose }: { id: number | null; onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <Drawer title={t('mail.view.title')} open={id !== null} onClose={onClose} size={860} destroyOnHidden>
      {id !== null && <Viewer key={id} id={id} />}
    </Drawer>
  );
}

function Viewer({ id }: { id: number }) {
  const [current, setCurrent] = useState(id);
  return <MailLetter id={current} onOpen={setCurrent} />;
}
