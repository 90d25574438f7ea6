/**
 * Strings of Настройка → Справочники → Калькуляция; t('settingsBooks.calc.…') (merged into the
 * books' messages). Ukrainian and English must have the same keys.
 */
export const calcRu = {
  intro:
    'Программы на JavaScript, которые выполняются при сохранении задач, событий и проектов. Примеры поставляются выключенными.',
  create: 'Создать',
  newTitle: 'Новая калькуляция',
  confirmDelete: 'Удалить калькуляцию «{{name}}» вместе с её версиями и журналом ошибок?',
  empty: 'Калькуляций нет',
  example: 'пример',
  exampleHint: 'Поставляемый пример',
  enabled: 'Калькуляция «{{name}}» включена',
  disabled: 'Калькуляция «{{name}}» выключена',
  docTypes: { task: 'Задачи', event: 'События', project: 'Проекты' },
  docType: { task: 'Задача', event: 'Событие', project: 'Проект' },
  triggers: {
    before_save: 'Перед сохранением',
    status_change: 'При смене статуса',
    after_save: 'После сохранения',
  },
  triggerHints: {
    before_save: 'В транзакции сохранения: может менять поля doc и отклонить сохранение через reject()',
    status_change:
      'Как «Перед сохранением», но только когда меняется статус (и при создании, тогда prev = null)',
    after_save:
      'После записи: createTask, createEvent, update, notify; ошибка не отменяет сохранение и попадает в журнал ошибок',
  },
  errorKinds: {
    script: 'ошибка скрипта',
    timeout: 'превышено время',
    memory: 'превышена память',
    stack: 'переполнение стека',
    api: 'ошибка вызова API',
    effect: 'ошибка действия',
  },
  columns: {
    name: 'Наименование',
    docType: 'Документы',
    trigger: 'Когда',
    position: 'Порядок',
    isEnabled: 'Включена',
    version: 'Версия',
    errors: 'Ошибки',
    updated: 'Изменена',
  },
  errorCount: 'Ошибок за 7 дней: {{count}}, последняя {{at}}',
  fields: {
    name: 'Наименование',
    docType: 'Тип документов',
    trigger: 'Когда выполнять',
    position: 'Порядок',
    positionHint: 'Калькуляции одного типа документов выполняются по возрастанию порядка',
    isEnabled: 'Включена',
    timeLimitMs: 'Лимит времени, мс',
    memoryLimitMb: 'Лимит памяти, МБ',
    limitsHint: 'Время: {{timeMin}}–{{timeMax}} мс; память: {{memMin}}–{{memMax}} МБ',
    code: 'Код (JavaScript)',
    codeAria: 'Код калькуляции',
  },
  editor: {
    back: 'К списку калькуляций',
    title: 'Калькуляция «{{name}}»',
    version: 'версия {{version}}',
    unsaved: 'не сохранено',
    save: 'Сохранить',
    help: 'Справка по API',
    fixErrors: 'Исправьте поля, отмеченные красным',
    tabs: { code: 'Свойства и код', test: 'Тестовый запуск', versions: 'Версии', errors: 'Ошибки' },
    conflictTitle: 'Калькуляцию уже изменил другой пользователь',
    conflictText:
      'Ваши изменения не сохранены. Скопируйте свой код, загрузите сохранённую версию и внесите изменения снова.',
    reload: 'Загрузить сохранённую версию',
    reloadConfirm: 'Несохранённые изменения пропадут. Загрузить сохранённую версию?',
    reloaded: 'Загружена версия {{version}}',
  },
  test: {
    notice:
      'Тестовый запуск ничего не записывает: выполняется текст из редактора (с несохранёнными изменениями), а изменения полей, новые документы и оповещения только показываются.',
    document: 'Документ',
    documentPlaceholder: 'Номер или название',
    action: 'Действие',
    actions: { updated: 'Изменение документа', created: 'Создание документа' },
    status: 'Новый статус',
    statusHint: 'Подставляет смену статуса в изменения',
    changes: 'Смоделированные изменения (JSON)',
    changesHint:
      'Поля, которые «пользователь» меняет поверх сохранённого документа, например {"statusId": 5}; prev — документ как он сохранён',
    changesInvalid: 'Нужен JSON-объект, например {"statusId": 5}',
    run: 'Выполнить тестовый запуск',
    result: 'Результат тестового запуска',
    ok: 'Скрипт выполнен, сохранение прошло бы',
    duration: 'Время выполнения: {{ms}} мс',
    rejected: 'Сохранение было бы отклонено',
    rejectedField: 'поле «{{field}}»',
    error: 'Ошибка: {{kind}}',
    errorLine: 'Строка {{line}}',
    showLine: 'Показать строку {{line}} в коде',
    fieldChanges: 'Изменения полей документа',
    field: 'Поле',
    before: 'Было',
    after: 'Стало',
    created: 'Документы, которые были бы созданы',
    updates: 'Изменения других документов',
    notifications: 'Оповещения',
    user: 'Пользователь',
    text: 'Текст',
    logs: 'Журнал (log)',
    none: 'нет',
  },
  versions: {
    version: 'Версия',
    action: 'Действие',
    actions: { created: 'создана', updated: 'изменена', rolled_back: 'откат к версии {{version}}' },
    who: 'Кто',
    when: 'Когда',
    current: 'текущая',
    show: 'Показать изменения версии {{version}}',
    changes: 'Изменения',
    diffTitle: 'Версия {{version}} относительно версии {{prev}}',
    firstTitle: 'Версия {{version}} — первая',
    diffAria: 'Изменения кода в версии {{version}}',
    codeUnchanged: 'Код не изменился',
    propertiesChanged: 'Изменённые свойства',
    rollback: 'Откатить к этой версии',
    rollbackConfirm:
      'Откатить калькуляцию к версии {{version}}? Её код и свойства (кроме «Включена») станут новой версией.',
    rollbackLosesEdits: 'Несохранённые изменения в редакторе пропадут.',
    rolledBack: 'Калькуляция откачена к версии {{version}}',
    pick: 'Выберите версию, чтобы увидеть, что в ней изменилось',
    yes: 'да',
    no: 'нет',
  },
  errors: {
    when: 'Когда',
    version: 'Версия',
    kind: 'Вид',
    message: 'Сообщение',
    line: 'Строка',
    document: 'Документ',
    user: 'Пользователь',
    empty: 'Ошибок не было',
    deleted: 'удалён',
    hint: 'Последние ошибки выполнения и документы, на которых они случились',
  },
  help: {
    title: 'Справка по API калькуляций',
    intro:
      'Скрипт — тело асинхронной функции на JavaScript в строгом режиме: можно писать await и return. Он выполняется в изолированной песочнице (QuickJS): нет Node.js, сети, файлов и таймеров, каждый запуск начинается с чистого контекста.',
    triggersTitle: 'Когда выполняется',
    variablesTitle: 'Что видит скрипт',
    functionsTitle: 'Функции',
    limitsTitle: 'Ограничения',
    examplesTitle: 'Примеры',
    findTitle: 'Ключи фильтра find по типам',
    writableTitle: 'Поля doc, которые сохраняются',
    writableHint:
      'Перед сохранением и при смене статуса; изменения других полей не сохраняются. Статус задачи — statusId, события и проекта — status (код).',
    items: {
      doc: 'Документ, как его показывает карточка (поля и вложенные объекты: doc.status, doc.client…). Перед сохранением и при смене статуса поля можно менять — изменения сохранятся вместе с документом.',
      prev: 'Документ до изменения; null при создании.',
      user: 'Кто сохраняет документ: { id, name, isAdmin }; null, если это система (почта, звонки, импорт).',
      action: "'created' или 'updated'.",
      trigger: "'before_save', 'status_change' или 'after_save'.",
      reject:
        'Отклоняет сохранение: пользователь увидит сообщение в форме (у поля field, если оно указано). Только перед сохранением и при смене статуса.',
      find: 'Массив документов, которые может читать сохраняющий пользователь (не более 500); ключи фильтра — в таблице ниже, все необязательны и сужают выборку вместе. Неверный фильтр — ошибка в скрипте.',
      createTask: 'Создаёт задачу (поля как в API задач). Только после сохранения.',
      createEvent: 'Создаёт событие (поля как в API событий). Только после сохранения.',
      update:
        "Изменяет другой документ: update('project', id, { progressPercent: 50 }). Только после сохранения.",
      notify: 'Оповещение пользователю (колокольчик).',
      log: 'Строка в журнал тестового запуска.',
    },
    limits:
      'Время выполнения по умолчанию 100 мс (10–1000), память 16 МБ (2–64) на запуск. Ошибка или превышение лимита перед сохранением отменяет сохранение с сообщением, где названа калькуляция; после сохранения — записывается в журнал ошибок калькуляции.',
    examples: {
      reject: `// Срок обязателен для срочных задач
if (doc.priority === 'urgent' && !doc.deadline) {
  reject('Укажите срок срочной задачи', 'deadline');
}`,
      fields: `// Тема без лишних пробелов
doc.title = doc.title.trim();`,
      find: `// Нельзя завершить задачу без комментария
if (doc.status.isFinal) {
  const comments = await find('taskComments', { taskId: doc.id });
  if (comments.length === 0) reject('Добавьте комментарий с результатом', 'statusId');
}`,
      after: `// После сохранения: задача и оповещение
if (action === 'created' && doc.performerId !== null) {
  createTask({ title: 'Подготовить отчёт: ' + doc.subject, performerId: doc.performerId, eventId: doc.id });
  notify(doc.performerId, 'Новое событие ' + doc.number);
}
log('Сохранил', user ? user.name : 'система');`,
    },
    shipped:
      'В списке есть три выключенных примера: завершение задачи только с комментарием, задача «Перезвонить» после пропущенного звонка и прогресс проекта по задачам.',
  },
};

export const calcUk: typeof calcRu = {
  intro:
    'Програми на JavaScript, які виконуються під час збереження задач, подій і проєктів. Приклади постачаються вимкненими.',
  create: 'Створити',
  newTitle: 'Нова калькуляція',
  confirmDelete: 'Видалити калькуляцію «{{name}}» разом з її версіями та журналом помилок?',
  empty: 'Калькуляцій немає',
  example: 'приклад',
  exampleHint: 'Приклад, що постачається',
  enabled: 'Калькуляцію «{{name}}» увімкнено',
  disabled: 'Калькуляцію «{{name}}» вимкнено',
  docTypes: { task: 'Задачі', event: 'Події', project: 'Проєкти' },
  docType: { task: 'Задача', event: 'Подія', project: 'Проєкт' },
  triggers: {
    before_save: 'Перед збереженням',
    status_change: 'Під час зміни статусу',
    after_save: 'Після збереження',
  },
  triggerHints: {
    before_save: 'У транзакції збереження: може змінювати поля doc і відхилити збереження через reject()',
    status_change:
      'Як «Перед збереженням», але лише коли змінюється статус (і під час створення, тоді prev = null)',
    after_save:
      'Після запису: createTask, createEvent, update, notify; помилка не скасовує збереження і потрапляє до журналу помилок',
  },
  errorKinds: {
    script: 'помилка скрипту',
    timeout: 'перевищено час',
    memory: 'перевищено пам’ять',
    stack: 'переповнення стеку',
    api: 'помилка виклику API',
    effect: 'помилка дії',
  },
  columns: {
    name: 'Найменування',
    docType: 'Документи',
    trigger: 'Коли',
    position: 'Порядок',
    isEnabled: 'Увімкнена',
    version: 'Версія',
    errors: 'Помилки',
    updated: 'Змінена',
  },
  errorCount: 'Помилок за 7 днів: {{count}}, остання {{at}}',
  fields: {
    name: 'Найменування',
    docType: 'Тип документів',
    trigger: 'Коли виконувати',
    position: 'Порядок',
    positionHint: 'Калькуляції одного типу документів виконуються за зростанням порядку',
    isEnabled: 'Увімкнена',
    timeLimitMs: 'Ліміт часу, мс',
    memoryLimitMb: 'Ліміт пам’яті, МБ',
    limitsHint: 'Час: {{timeMin}}–{{timeMax}} мс; пам’ять: {{memMin}}–{{memMax}} МБ',
    code: 'Код (JavaScript)',
    codeAria: 'Код калькуляції',
  },
  editor: {
    back: 'До списку калькуляцій',
    title: 'Калькуляція «{{name}}»',
    version: 'версія {{version}}',
    unsaved: 'не збережено',
    save: 'Зберегти',
    help: 'Довідка з API',
    fixErrors: 'Виправте поля, позначені червоним',
    tabs: { code: 'Властивості та код', test: 'Тестовий запуск', versions: 'Версії', errors: 'Помилки' },
    conflictTitle: 'Калькуляцію вже змінив інший користувач',
    conflictText:
      'Ваші зміни не збережено. Скопіюйте свій код, завантажте збережену версію і внесіть зміни знову.',
    reload: 'Завантажити збережену версію',
    reloadConfirm: 'Незбережені зміни зникнуть. Завантажити збережену версію?',
    reloaded: 'Завантажено версію {{version}}',
  },
  test: {
    notice:
      'Тестовий запуск нічого не записує: виконується текст із редактора (з незбереженими змінами), а зміни полів, нові документи й оповіщення лише показуються.',
    document: 'Документ',
    documentPlaceholder: 'Номер або назва',
    action: 'Дія',
    actions: { updated: 'Зміна документа', created: 'Створення документа' },
    status: 'Новий статус',
    statusHint: 'Додає зміну статусу до змін',
    changes: 'Змодельовані зміни (JSON)',
    changesHint:
      'Поля, які «користувач» змінює поверх збереженого документа, наприклад {"statusId": 5}; prev — документ, як його збережено',
    changesInvalid: 'Потрібен JSON-об’єкт, наприклад {"statusId": 5}',
    run: 'Виконати тестовий запуск',
    result: 'Результат тестового запуску',
    ok: 'Скрипт виконано, збереження пройшло б',
    duration: 'Час виконання: {{ms}} мс',
    rejected: 'Збереження було б відхилено',
    rejectedField: 'поле «{{field}}»',
    error: 'Помилка: {{kind}}',
    errorLine: 'Рядок {{line}}',
    showLine: 'Показати рядок {{line}} у коді',
    fieldChanges: 'Зміни полів документа',
    field: 'Поле',
    before: 'Було',
    after: 'Стало',
    created: 'Документи, які було б створено',
    updates: 'Зміни інших документів',
    notifications: 'Оповіщення',
    user: 'Користувач',
    text: 'Текст',
    logs: 'Журнал (log)',
    none: 'немає',
  },
  versions: {
    version: 'Версія',
    action: 'Дія',
    actions: { created: 'створена', updated: 'змінена', rolled_back: 'відкат до версії {{version}}' },
    who: 'Хто',
    when: 'Коли',
    current: 'поточна',
    show: 'Показати зміни версії {{version}}',
    changes: 'Зміни',
    diffTitle: 'Версія {{version}} відносно версії {{prev}}',
    firstTitle: 'Версія {{version}} — перша',
    diffAria: 'Зміни коду у версії {{version}}',
    codeUnchanged: 'Код не змінився',
    propertiesChanged: 'Змінені властивості',
    rollback: 'Відкотити до цієї версії',
    rollbackConfirm:
      'Відкотити калькуляцію до версії {{version}}? Її код і властивості (крім «Увімкнена») стануть новою версією.',
    rollbackLosesEdits: 'Незбережені зміни в редакторі зникнуть.',
    rolledBack: 'Калькуляцію відкочено до версії {{version}}',
    pick: 'Виберіть версію, щоб побачити, що в ній змінилося',
    yes: 'так',
    no: 'ні',
  },
  errors: {
    when: 'Коли',
    version: 'Версія',
    kind: 'Вид',
    message: 'Повідомлення',
    line: 'Рядок',
    document: 'Документ',
    user: 'Користувач',
    empty: 'Помилок не було',
    deleted: 'видалено',
    hint: 'Останні помилки виконання і документи, на яких вони сталися',
  },
  help: {
    title: 'Довідка з API калькуляцій',
    intro:
      'Скрипт — тіло асинхронної функції на JavaScript у строгому режимі: можна писати await і return. Він виконується в ізольованій пісочниці (QuickJS): немає Node.js, мережі, файлів і таймерів, кожен запуск починається з чистого контексту.',
    triggersTitle: 'Коли виконується',
    variablesTitle: 'Що бачить скрипт',
    functionsTitle: 'Функції',
    limitsTitle: 'Обмеження',
    examplesTitle: 'Приклади',
    findTitle: 'Ключі фільтра find за типами',
    writableTitle: 'Поля doc, які зберігаються',
    writableHint:
      'Перед збереженням і під час зміни статусу; зміни інших полів не зберігаються. Статус задачі — statusId, події та проєкту — status (код).',
    items: {
      doc: 'Документ, як його показує картка (поля та вкладені об’єкти: doc.status, doc.client…). Перед збереженням і під час зміни статусу поля можна змінювати — зміни збережуться разом із документом.',
      prev: 'Документ до зміни; null під час створення.',
      user: 'Хто зберігає документ: { id, name, isAdmin }; null, якщо це система (пошта, дзвінки, імпорт).',
      action: "'created' або 'updated'.",
      trigger: "'before_save', 'status_change' або 'after_save'.",
      reject:
        'Відхиляє збереження: користувач побачить повідомлення у формі (біля поля field, якщо його вказано). Лише перед збереженням і під час зміни статусу.',
      find: 'Масив документів, які може читати користувач, що зберігає (не більше 500); ключі фільтра — у таблиці нижче, усі необов’язкові й звужують вибірку разом. Неправильний фільтр — помилка в скрипті.',
      createTask: 'Створює задачу (поля як в API задач). Лише після збереження.',
      createEvent: 'Створює подію (поля як в API подій). Лише після збереження.',
      update: "Змінює інший документ: update('project', id, { progressPercent: 50 }). Лише після збереження.",
      notify: 'Оповіщення користувачу (дзвіночок).',
      log: 'Рядок у журнал тестового запуску.',
    },
    limits:
      'Час виконання за замовчуванням 100 мс (10–1000), пам’ять 16 МБ (2–64) на запуск. Помилка або перевищення ліміту перед збереженням скасовує збереження з повідомленням, де названо калькуляцію; після збереження — записується до журналу помилок калькуляції.',
    examples: {
      reject: `// Термін обов’язковий для термінових задач
if (doc.priority === 'urgent' && !doc.deadline) {
  reject('Вкажіть термін термінової задачі', 'deadline');
}`,
      fields: `// Тема без зайвих пробілів
doc.title = doc.title.trim();`,
      find: `// Не можна завершити задачу без коментаря
if (doc.status.isFinal) {
  const comments = await find('taskComments', { taskId: doc.id });
  if (comments.length === 0) reject('Додайте коментар із результатом', 'statusId');
}`,
      after: `// Після збереження: задача та оповіщення
if (action === 'created' && doc.performerId !== null) {
  createTask({ title: 'Підготувати звіт: ' + doc.subject, performerId: doc.performerId, eventId: doc.id });
  notify(doc.performerId, 'Нова подія ' + doc.number);
}
log('Зберіг', user ? user.name : 'система');`,
    },
    shipped:
      'У списку є три вимкнені приклади: завершення задачі лише з коментарем, задача «Передзвонити» після пропущеного дзвінка і прогрес проєкту за задачами.',
  },
};

export const calcEn: typeof calcRu = {
  intro:
    'JavaScript programs run when tasks, events and projects are saved. The shipped examples come disabled.',
  create: 'Create',
  newTitle: 'New calculation',
  confirmDelete: 'Delete the calculation “{{name}}” with its versions and error log?',
  empty: 'No calculations',
  example: 'example',
  exampleHint: 'A shipped example',
  enabled: 'Calculation “{{name}}” enabled',
  disabled: 'Calculation “{{name}}” disabled',
  docTypes: { task: 'Tasks', event: 'Events', project: 'Projects' },
  docType: { task: 'Task', event: 'Event', project: 'Project' },
  triggers: {
    before_save: 'Before save',
    status_change: 'On status change',
    after_save: 'After save',
  },
  triggerHints: {
    before_save: "In the save's transaction: may change doc's fields and refuse the save with reject()",
    status_change: 'Like “Before save”, but only when the status changes (and on create, with prev = null)',
    after_save:
      'After the write: createTask, createEvent, update, notify; a failure does not undo the save and goes to the error log',
  },
  errorKinds: {
    script: 'script error',
    timeout: 'time limit exceeded',
    memory: 'memory limit exceeded',
    stack: 'stack overflow',
    api: 'API call error',
    effect: 'action failed',
  },
  columns: {
    name: 'Name',
    docType: 'Documents',
    trigger: 'When',
    position: 'Order',
    isEnabled: 'Enabled',
    version: 'Version',
    errors: 'Errors',
    updated: 'Changed',
  },
  errorCount: 'Errors in 7 days: {{count}}, last at {{at}}',
  fields: {
    name: 'Name',
    docType: 'Document type',
    trigger: 'When to run',
    position: 'Order',
    positionHint: 'Calculations of one document type run in ascending order',
    isEnabled: 'Enabled',
    timeLimitMs: 'Time limit, ms',
    memoryLimitMb: 'Memory limit, MB',
    limitsHint: 'Time: {{timeMin}}–{{timeMax}} ms; memory: {{memMin}}–{{memMax}} MB',
    code: 'Code (JavaScript)',
    codeAria: 'Calculation code',
  },
  editor: {
    back: 'Back to calculations',
    title: 'Calculation “{{name}}”',
    version: 'version {{version}}',
    unsaved: 'unsaved',
    save: 'Save',
    help: 'API help',
    fixErrors: 'Correct the fields marked in red',
    tabs: { code: 'Properties and code', test: 'Test run', versions: 'Versions', errors: 'Errors' },
    conflictTitle: 'Someone else has changed this calculation',
    conflictText:
      'Your changes were not saved. Copy your code, load the saved version and make the changes again.',
    reload: 'Load the saved version',
    reloadConfirm: 'Unsaved changes will be lost. Load the saved version?',
    reloaded: 'Version {{version}} loaded',
  },
  test: {
    notice:
      'A test run writes nothing: it runs the text in the editor (unsaved changes included), and the field changes, new documents and notifications are only shown.',
    document: 'Document',
    documentPlaceholder: 'Number or name',
    action: 'Action',
    actions: { updated: 'Document changed', created: 'Document created' },
    status: 'New status',
    statusHint: 'Puts a status change into the changes',
    changes: 'Simulated changes (JSON)',
    changesHint:
      'Fields the “user” changes over the saved document, e.g. {"statusId": 5}; prev is the document as saved',
    changesInvalid: 'A JSON object is expected, e.g. {"statusId": 5}',
    run: 'Run the test',
    result: 'Test run result',
    ok: 'The script ran; the save would go through',
    duration: 'Run time: {{ms}} ms',
    rejected: 'The save would be refused',
    rejectedField: 'field “{{field}}”',
    error: 'Error: {{kind}}',
    errorLine: 'Line {{line}}',
    showLine: 'Show line {{line}} in the code',
    fieldChanges: "Changes to the document's fields",
    field: 'Field',
    before: 'Before',
    after: 'After',
    created: 'Documents that would be created',
    updates: 'Changes to other documents',
    notifications: 'Notifications',
    user: 'User',
    text: 'Text',
    logs: 'Log',
    none: 'none',
  },
  versions: {
    version: 'Version',
    action: 'Action',
    actions: { created: 'created', updated: 'changed', rolled_back: 'rolled back to version {{version}}' },
    who: 'Who',
    when: 'When',
    current: 'current',
    show: 'Show the changes of version {{version}}',
    changes: 'Changes',
    diffTitle: 'Version {{version}} against version {{prev}}',
    firstTitle: 'Version {{version}}, the first',
    diffAria: 'Code changes in version {{version}}',
    codeUnchanged: 'The code did not change',
    propertiesChanged: 'Changed properties',
    rollback: 'Roll back to this version',
    rollbackConfirm:
      'Roll the calculation back to version {{version}}? Its code and properties (all but “Enabled”) become a new version.',
    rollbackLosesEdits: 'Unsaved changes in the editor will be lost.',
    rolledBack: 'Rolled back to version {{version}}',
    pick: 'Choose a version to see what changed in it',
    yes: 'yes',
    no: 'no',
  },
  errors: {
    when: 'When',
    version: 'Version',
    kind: 'Kind',
    message: 'Message',
    line: 'Line',
    document: 'Document',
    user: 'User',
    empty: 'No errors',
    deleted: 'deleted',
    hint: 'The latest run errors and the documents they happened on',
  },
  help: {
    title: 'Calculation API help',
    intro:
      'A script is the body of an async JavaScript function in strict mode: await and return work. It runs in an isolated sandbox (QuickJS): no Node.js, network, files or timers, and every run starts from a clean context.',
    triggersTitle: 'When it runs',
    variablesTitle: 'What the script sees',
    functionsTitle: 'Functions',
    limitsTitle: 'Limits',
    examplesTitle: 'Examples',
    findTitle: 'find filter keys by type',
    writableTitle: 'Fields of doc that are saved',
    writableHint:
      'Before save and on status change; changes to other fields are ignored. A task’s status is statusId, an event’s and a project’s is status (a code).',
    items: {
      doc: 'The document as its card shows it (fields and nested objects: doc.status, doc.client…). Before save and on status change its fields may be changed; the changes are saved with the document.',
      prev: 'The document before the change; null on create.',
      user: 'Who saves the document: { id, name, isAdmin }; null when it is the system (mail, calls, import).',
      action: "'created' or 'updated'.",
      trigger: "'before_save', 'status_change' or 'after_save'.",
      reject:
        'Refuses the save: the user sees the message in the form (at the field, when given). Before save and on status change only.',
      find: 'An array of the documents the saving user may read (at most 500); the filter keys are in the table below, all optional, narrowing the result together. A wrong filter throws in the script.',
      createTask: 'Creates a task (fields as in the tasks API). After save only.',
      createEvent: 'Creates an event (fields as in the events API). After save only.',
      update: "Changes another document: update('project', id, { progressPercent: 50 }). After save only.",
      notify: 'A notification to a user (the bell).',
      log: "A line in the test run's log.",
    },
    limits:
      'Run time 100 ms by default (10–1000), memory 16 MB (2–64) per run. An error or an exceeded limit before save refuses the save with a message naming the calculation; after save it goes to the calculation’s error log.',
    examples: {
      reject: `// Urgent tasks need a deadline
if (doc.priority === 'urgent' && !doc.deadline) {
  reject('Set a deadline for an urgent task', 'deadline');
}`,
      fields: `// A title without stray spaces
doc.title = doc.title.trim();`,
      find: `// A task is not closed without a comment
if (doc.status.isFinal) {
  const comments = await find('taskComments', { taskId: doc.id });
  if (comments.length === 0) reject('Add a comment with the result', 'statusId');
}`,
      after: `// After save: a task and a notification
if (action === 'created' && doc.performerId !== null) {
  createTask({ title: 'Prepare a report: ' + doc.subject, performerId: doc.performerId, eventId: doc.id });
  notify(doc.performerId, 'New event ' + doc.number);
}
log('Saved by', user ? user.name : 'the system');`,
    },
    shipped:
      'The list holds three disabled examples: a task is closed only with a comment, a «Call back» task after a missed call, and a project’s progress from its tasks.',
  },
};
