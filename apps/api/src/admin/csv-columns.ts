import type { CsvColumn } from './csv-import.schemas';

const ROLE_SYNTAX_JA =
  '「ロール@範囲」を ; で区切って複数指定。範囲は government（団体全体）、department:部局コード、section:課コード。ロールは evaluator（担当者）、section_chief（課長）、department_head（部長）、planning_office（企画課）、committee_member（委員）、administrator（管理者）';
const ROLE_SYNTAX_EN =
  '"role@scope" items separated by ";". Scope: government, department:<department code> or section:<section code>. Roles: evaluator, section_chief, department_head, planning_office, committee_member, administrator';

/** Users: one row per person; an existing e-mail (case-insensitive) updates that person. */
export const USER_COLUMNS: readonly CsvColumn[] = [
  {
    name: 'email',
    aliases: ['メールアドレス', 'メール'],
    required: true,
    description: {
      ja: 'メールアドレス（団体内で一意。既存の場合は更新）',
      en: 'E-mail, unique per government (an existing one is updated)',
    },
    example: 'hyoka.taro@city.sample.lg.jp',
  },
  {
    name: 'display_name',
    aliases: ['氏名', '表示名'],
    required: true,
    description: { ja: '氏名（表示名）', en: 'Display name' },
    example: '評価 太郎',
  },
  {
    name: 'locale',
    aliases: ['言語'],
    required: false,
    description: { ja: '表示言語 ja / en（省略時 ja）', en: 'Language, ja or en (default ja)' },
    example: 'ja',
  },
  {
    name: 'mail_preference',
    aliases: ['通知', 'メール通知'],
    required: false,
    description: {
      ja: 'メール通知 immediate（都度）/ digest（まとめて）。省略時 immediate',
      en: 'Mail: immediate or digest (default immediate)',
    },
    example: 'immediate',
  },
  {
    name: 'active',
    aliases: ['有効'],
    required: false,
    description: {
      ja: '有効 true / false（1/0、有効/無効も可）。false にするとサインイン中のセッションも終了',
      en: "Active: true or false (also 1/0); false ends the person's sessions",
    },
    example: 'true',
  },
  {
    name: 'roles',
    aliases: ['権限', 'ロール'],
    required: false,
    description: {
      ja: `権限。${ROLE_SYNTAX_JA}。列がある場合は既存の権限を置き換え`,
      en: `Roles: ${ROLE_SYNTAX_EN}. When the column is present it replaces the person's roles`,
    },
    example: 'evaluator@section:0101;section_chief@section:0101',
  },
];

/** Projects: one row per project (事務事業); an existing code updates that project. */
export const PROJECT_COLUMNS: readonly CsvColumn[] = [
  {
    name: 'code',
    aliases: ['事業番号', '事業コード'],
    required: true,
    description: {
      ja: '事業番号（団体内で一意。既存の場合は更新）',
      en: 'Project code, unique per government (an existing one is updated)',
    },
    example: '01-001',
  },
  {
    name: 'name_ja',
    aliases: ['事業名'],
    required: true,
    description: { ja: '事業名', en: 'Name in Japanese' },
    example: '子育て支援事業',
  },
  {
    name: 'name_en',
    aliases: ['事業名（英語）', '英語名'],
    required: false,
    description: { ja: '事業名（英語）', en: 'Name in English' },
    example: 'Child-rearing support',
  },
  {
    name: 'section_code',
    aliases: ['課コード', '担当課コード'],
    required: true,
    description: { ja: '担当課のコード', en: 'Code of the section in charge' },
    example: '0101',
  },
  {
    name: 'policy_code',
    aliases: ['施策体系コード', '基本事業コード'],
    required: false,
    description: {
      ja: '施策体系（基本事業など）のコード',
      en: 'Code of the policy node (usually a basic project)',
    },
    example: '1-1-1',
  },
  {
    name: 'period_type',
    aliases: ['期間区分'],
    required: false,
    description: {
      ja: '期間区分 recurring（継続）/ single_year（単年度）/ fixed_term（期間限定）。省略時 recurring',
      en: 'recurring, single_year or fixed_term (default recurring)',
    },
    example: 'recurring',
  },
  {
    name: 'start_fy',
    aliases: ['開始年度'],
    required: false,
    description: { ja: '開始年度（2019 または 令和元）', en: 'First fiscal year (2019 or 令和元)' },
    example: '2019',
  },
  {
    name: 'end_fy',
    aliases: ['終了年度'],
    required: false,
    description: {
      ja: '終了年度（2028 または 令和10、期間限定の場合）',
      en: 'Last fiscal year (2028 or 令和10; fixed-term projects)',
    },
    example: '2028',
  },
  {
    name: 'active',
    aliases: ['有効'],
    required: false,
    description: {
      ja: '有効 true / false（省略時 true）',
      en: 'Active: true or false (default true)',
    },
    example: 'true',
  },
];

export const CSV_FORMAT = {
  ja: '1行目は見出し（英語名または日本語の別名）。文字コードは UTF-8（BOM 有無どちらも可）または Shift_JIS。?dryRun=true で取り込まずに確認できます。1行でも誤りがあれば何も取り込みません。既存の行（同じメールアドレス・事業番号）では、空欄の項目は変更しません。パスワードは CSV では設定できません。',
  en: 'The first row holds the headers (English names or Japanese aliases). Encoding UTF-8 (with or without BOM) or Shift_JIS. ?dryRun=true previews without importing. If any row has an error nothing is imported. For an existing row (same e-mail or project code), a blank cell keeps the current value. Passwords cannot be set by CSV.',
} as const;

/** The policy hierarchy: one row per node; an existing code updates that node. */
export const POLICY_COLUMNS: readonly CsvColumn[] = [
  {
    name: 'code',
    aliases: ['コード', '施策体系コード'],
    required: true,
    description: {
      ja: 'コード（団体内で一意。既存の場合は更新）',
      en: 'Code, unique per government (an existing one is updated)',
    },
    example: '1-2-3',
  },
  {
    name: 'kind',
    aliases: ['種別', '階層'],
    required: true,
    description: {
      ja: '種別: policy（政策）/ measure（施策）/ basic_project（基本事業）。日本語でも可。既存の項目の種別は変えられません',
      en: 'Kind: policy, measure or basic_project (or 政策 / 施策 / 基本事業); an existing node keeps its kind',
    },
    example: 'basic_project',
  },
  {
    name: 'name_ja',
    aliases: ['名称'],
    required: true,
    description: { ja: '名称', en: 'Name (Japanese)' },
    example: '子育て支援の充実',
  },
  {
    name: 'name_en',
    aliases: ['英語名称'],
    required: false,
    description: { ja: '英語の名称（任意）', en: 'Name in English (optional)' },
    example: 'Better childcare support',
  },
  {
    name: 'parent_code',
    aliases: ['親コード', '上位コード'],
    required: false,
    description: {
      ja: '親のコード（政策は空欄、施策は政策、基本事業は施策。同じファイルの行でも可）',
      en: 'Parent code (empty for a policy; a policy for a measure, a measure for a basic project; may be a row of the same file)',
    },
    example: '1-2',
  },
  {
    name: 'valid_from_fy',
    aliases: ['開始年度'],
    required: false,
    description: {
      ja: '開始年度（2021 または 令和3、空欄は制限なし）',
      en: 'First fiscal year (empty: open)',
    },
    example: '2021',
  },
  {
    name: 'valid_to_fy',
    aliases: ['終了年度'],
    required: false,
    description: {
      ja: '終了年度（2030 または 令和12、空欄は制限なし）',
      en: 'Last fiscal year (empty: open)',
    },
    example: '2030',
  },
  {
    name: 'sort_order',
    aliases: ['並び順'],
    required: false,
    description: {
      ja: '並び順（0 以上の整数、省略時 0）',
      en: 'Sort order, an integer ≥ 0 (default 0)',
    },
    example: '10',
  },
];

/** The organisation: one row per department (部局) or section (課); an existing code updates it. */
export const ORGANISATION_COLUMNS: readonly CsvColumn[] = [
  {
    name: 'kind',
    aliases: ['種別', '区分'],
    required: true,
    description: {
      ja: '種別: department（部局）/ section（課）。日本語でも可',
      en: 'Kind: department or section (or 部局 / 課)',
    },
    example: 'section',
  },
  {
    name: 'code',
    aliases: ['コード', '部局コード・課コード'],
    required: true,
    description: {
      ja: 'コード（種別ごとに団体内で一意。既存の場合は更新）',
      en: 'Code, unique per kind in the government (an existing one is updated)',
    },
    example: '0101',
  },
  {
    name: 'name_ja',
    aliases: ['名称', '部局名・課名'],
    required: true,
    description: { ja: '名称', en: 'Name in Japanese' },
    example: '企画課',
  },
  {
    name: 'name_en',
    aliases: ['名称（英語）', '英語名'],
    required: false,
    description: { ja: '名称（英語）', en: 'Name in English' },
    example: 'Planning Section',
  },
  {
    name: 'department_code',
    aliases: ['部局コード', '所属部局コード'],
    required: false,
    description: {
      ja: '課の属する部局のコード（課の行で必須。同じファイルの部局も可）',
      en: "The section's department code (required on section rows; may be a department of the same file)",
    },
    example: '01',
  },
  {
    name: 'sort_order',
    aliases: ['表示順'],
    required: false,
    description: { ja: '表示順（0 以上の整数）', en: 'Display order (integer ≥ 0)' },
    example: '10',
  },
  {
    name: 'valid_from_fy',
    aliases: ['開始年度'],
    required: false,
    description: { ja: '有効な最初の年度（2026 または 令和8）', en: 'First fiscal year in effect' },
    example: '2026',
  },
  {
    name: 'valid_to_fy',
    aliases: ['終了年度'],
    required: false,
    description: { ja: '有効な最後の年度（2026 または 令和8）', en: 'Last fiscal year in effect' },
    example: '',
  },
];
