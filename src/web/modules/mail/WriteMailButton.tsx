import { useState } from 'react';
import { Button } from 'antd';
import { MailOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useCan } from '../access/access.api.js';
import { ComposeMailDrawer } from './ComposeMailDrawer.js';
import type { MailSource } from './mail.api.js';

/**
 * «Написать письмо» on a card (a client, a contact person's row, a project, an event, a task):
 * opens the letter's form with the card as its source and `to` filled in. A letter becomes an
 * event, so only users who may create events see the button.
 */
export function WriteMailButton({
  source,
  to,
  link = false,
}: {
  source: MailSource;
  to?: string[];
  /** A link-like button for table rows. */
  link?: boolean;
}) {
  const { t } = useTranslation();
  const canCreateEvent = useCan('events', 'create');
  const [open, setOpen] = useState(false);
  if (!canCreateEvent) return null;
  return (
    <>
      <Button
        icon={<MailOutlined />}
        type={link ? 'link' : 'default'}
        size={link ? 'small' : 'middle'}
        onClick={() => setOpen(true)}
      >
        {t('mail.write')}
      </Button>
      <ComposeMailDrawer
        open={open}
        source={source}
        initial={{ to: to ?? [] }}
        onClose={() => setOpen(false)}
      />
    </>
  );
}
