import type { ModuleMessages } from '../../http/module-messages.js';

/** Error codes (`errors`) and field messages (`fields`) of webhooks, in ru/uk/en. */
export const webhooksMessages = {
  errors: {
    webhook_delivery_sending: {
      ru: 'Доставка сейчас отправляется. Повторите, когда она завершится',
      uk: 'Доставка зараз надсилається. Повторіть, коли вона завершиться',
      en: 'The delivery is being sent right now. Try again once it is done',
    },
  },
  fields: {
    url: {
      ru: 'Адрес вида https://… или http://…',
      uk: 'Адреса виду https://… або http://…',
      en: 'An address like https://… or http://…',
    },
    secret_short: {
      ru: 'Секрет — не короче 16 символов',
      uk: 'Секрет — не коротший за 16 символів',
      en: 'The secret must be at least 16 characters',
    },
  },
} satisfies ModuleMessages;
