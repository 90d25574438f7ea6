import { useEffect, useRef, useState, type ReactNode } from 'react';
import { Button, Flex, Input, Popover, Space, Tooltip, theme } from 'antd';
import {
  BoldOutlined,
  ClearOutlined,
  ItalicOutlined,
  LinkOutlined,
  OrderedListOutlined,
  UnderlineOutlined,
  UnorderedListOutlined,
} from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { cleanHtml } from './clean-html.js';

interface Props {
  value?: string;
  onChange?: (html: string) => void;
  id?: string;
  'aria-label'?: string;
  minHeight?: number;
}

/** An editor that holds nothing but an empty line counts as empty. */
function isBlank(el: HTMLElement): boolean {
  return el.textContent?.trim() === '' && !el.querySelector('img, li, hr, table');
}

/** With no scheme the address is a web one; only web and mail links are made. */
function linkHref(typed: string): string | null {
  const s = typed.trim();
  if (!s) return null;
  if (/^(https?:|mailto:)/i.test(s)) return s;
  if (/^[a-z][a-z0-9+.-]*:/i.test(s)) return null;
  return s.includes('@') && !s.includes('/') ? `mailto:${s}` : `https://${s}`;
}

/**
 * A small rich-text editor for letters: a contentEditable area with bold, italic, underline,
 * lists, links and "clear formatting" (the browser's editing commands; no editor library).
 * Works as a form control: value and onChange carry HTML, '' when empty.
 */
export function RichTextEditor({ value, onChange, id, 'aria-label': ariaLabel, minHeight = 200 }: Props) {
  const { t } = useTranslation();
  const { token } = theme.useToken();
  const area = useRef<HTMLDivElement>(null);
  // The HTML this editor last reported: a value equal to it came from typing, not from outside.
  const reported = useRef<string | null>(null);
  const savedRange = useRef<Range | null>(null);
  const [linkOpen, setLinkOpen] = useState(false);
  const [href, setHref] = useState('');

  useEffect(() => {
    const el = area.current;
    const next = value ?? '';
    // Writing the DOM while the user types would move the caret: only outside changes go in.
    if (!el || next === reported.current) return;
    el.innerHTML = cleanHtml(next);
    reported.current = next;
  }, [value]);

  const report = () => {
    const el = area.current;
    if (!el) return;
    const html = isBlank(el) ? '' : el.innerHTML;
    reported.current = html;
    onChange?.(html);
  };

  const run = (command: string, arg?: string) => {
    area.current?.focus();
    document.execCommand(command, false, arg);
    report();
  };

  const openLink = (open: boolean) => {
    if (open) {
      const selection = window.getSelection();
      const range = selection && selection.rangeCount ? selection.getRangeAt(0).cloneRange() : null;
      savedRange.current = range && area.current?.contains(range.commonAncestorContainer) ? range : null;
      setHref('');
    }
    setLinkOpen(open);
  };

  const applyLink = () => {
    const url = linkHref(href);
    setLinkOpen(false);
    if (!url) return;
    area.current?.focus();
    const selection = window.getSelection();
    if (savedRange.current && selection) {
      selection.removeAllRanges();
      selection.addRange(savedRange.current);
    }
    if (selection && !selection.isCollapsed) run('createLink', url);
    else {
      const a = document.createElement('a');
      a.href = url;
      a.textContent = href.trim();
      run('insertHTML', a.outerHTML);
    }
  };

  return (
    <Flex
      vertical
      style={{
        border: `1px solid ${token.colorBorder}`,
        borderRadius: token.borderRadius,
        background: token.colorBgContainer,
      }}
    >
      <Space
        size={0}
        role="toolbar"
        aria-label={t('mail.editor.toolbar')}
        style={{ padding: 2, borderBottom: `1px solid ${token.colorBorderSecondary}` }}
      >
        <ToolButton label={t('mail.editor.bold')} icon={<BoldOutlined />} onClick={() => run('bold')} />
        <ToolButton label={t('mail.editor.italic')} icon={<ItalicOutlined />} onClick={() => run('italic')} />
        <ToolButton
          label={t('mail.editor.underline')}
          icon={<UnderlineOutlined />}
          onClick={() => run('underline')}
        />
        <ToolButton
          label={t('mail.editor.bulleted')}
          icon={<UnorderedListOutlined />}
          onClick={() => run('insertUnorderedList')}
        />
        <ToolButton
          label={t('mail.editor.numbered')}
          icon={<OrderedListOutlined />}
          onClick={() => run('insertOrderedList')}
        />
        <Popover
          open={linkOpen}
          onOpenChange={openLink}
          trigger="click"
          content={
            <Space.Compact>
              <Input
                autoFocus
                aria-label={t('mail.editor.linkAddress')}
                placeholder={t('mail.editor.linkAddress')}
                value={href}
                onChange={(e) => setHref(e.target.value)}
                onPressEnter={(e) => {
                  e.preventDefault();
                  applyLink();
                }}
                style={{ width: 260 }}
              />
              <Button type="primary" onClick={applyLink}>
                {t('mail.editor.linkApply')}
              </Button>
            </Space.Compact>
          }
        >
          {/* The span takes the popover's ref and click. */}
          <span>
            <ToolButton label={t('mail.editor.link')} icon={<LinkOutlined />} />
          </span>
        </Popover>
        <ToolButton
          label={t('mail.editor.clear')}
          icon={<ClearOutlined />}
          onClick={() => {
            run('removeFormat');
            run('unlink');
          }}
        />
      </Space>
      <div
        ref={area}
        id={id}
        role="textbox"
        aria-multiline="true"
        aria-label={ariaLabel}
        contentEditable
        suppressContentEditableWarning
        onInput={report}
        onBlur={report}
        style={{
          minHeight,
          maxHeight: 480,
          overflowY: 'auto',
          padding: '4px 11px',
          outline: 'none',
          lineHeight: 1.5,
        }}
      />
    </Flex>
  );
}

/** A toolbar button; pressing it keeps the selection in the text. */
function ToolButton({ label, icon, onClick }: { label: string; icon: ReactNode; onClick?: () => void }) {
  return (
    <Tooltip title={label}>
      <Button
        type="text"
        size="small"
        icon={icon}
        aria-label={label}
        onMouseDown={(e) => e.preventDefault()}
        onClick={onClick}
      />
    </Tooltip>
  );
}
