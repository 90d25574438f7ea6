/** Strings of the electronic queue's board part; t('queue.board.…'). Ukrainian and English must have the same keys. */
export const boardRu = {
  title: 'Электронная очередь',
  table: 'Вызванные талоны',
  ticket: 'Талон',
  window: 'Окно',
  empty: 'Ожидайте вызова',
  waiting: 'Ожидают',
  enableSound: 'Включить звук',
  speech: 'Талон {{code}}, {{window}}',
  offline: 'Нет связи с сервером',
  noToken: 'Табло не настроено',
  noTokenHint:
    'Откройте страницу по адресу табло с его ключом: адрес выдаёт администратор в разделе «Электронная очередь» → «Киоски и табло».',
  invalidToken: 'Ключ табло недействителен',
  invalidTokenHint: 'Табло отключено или получило новый ключ. Обратитесь к администратору.',
};
export const boardUk: typeof boardRu = {
  title: 'Електронна черга',
  table: 'Викликані талони',
  ticket: 'Талон',
  window: 'Вікно',
  empty: 'Очікуйте на виклик',
  waiting: 'Очікують',
  enableSound: 'Увімкнути звук',
  speech: 'Талон {{code}}, {{window}}',
  offline: 'Немає зв’язку з сервером',
  noToken: 'Табло не налаштовано',
  noTokenHint:
    'Відкрийте сторінку за адресою табло з його ключем: адресу видає адміністратор у розділі «Електронна черга» → «Кіоски та табло».',
  invalidToken: 'Ключ табло недійсний',
  invalidTokenHint: 'Табло вимкнено або воно отримало новий ключ. Зверніться до адміністратора.',
};
export const boardEn: typeof boardRu = {
  title: 'Electronic queue',
  table: 'Called tickets',
  ticket: 'Ticket',
  window: 'Window',
  empty: 'Wait for your call',
  waiting: 'Waiting',
  enableSound: 'Turn the sound on',
  speech: 'Ticket {{code}}, {{window}}',
  offline: 'No connection to the server',
  noToken: 'The board is not set up',
  noTokenHint:
    'Open the page at the board address with its key: the administrator gets it in Electronic queue → Kiosks and boards.',
  invalidToken: 'The board key is not valid',
  invalidTokenHint: 'The board was switched off or got a new key. Ask the administrator.',
};
