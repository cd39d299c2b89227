import type { LocalizedText } from '@hyoka/domain';

/** Words of Excel both ways: the sheet's workbook and the cycle-wide Excel import. */
export const EXCEL_MESSAGES = {
  excelTitle: { ja: 'Excel', en: 'Excel' },
  excelExport: { ja: 'Excelで書き出す', en: 'Export to Excel' },
  excelImport: { ja: 'Excelから取り込む', en: 'Import from Excel' },
  excelIntro: {
    ja: '様式どおりの Excel ファイルに書き出し、オフラインで記入したファイルを下書きに取り込めます。取り込む前に変わる項目を確認できます。',
    en: 'Export the sheet as an Excel workbook laid out like the form; import a workbook filled in offline into the draft after checking what it changes.',
  },
  excelChoose: { ja: '取り込むファイル（.xlsx）', en: 'Workbook to import (.xlsx)' },
  excelChecking: { ja: 'ファイルを確認しています…', en: 'Checking the workbook…' },
  excelPreviewTitle: { ja: '取り込むと変わる項目', en: 'What the import changes' },
  excelNoChange: {
    ja: 'このファイルで変わる項目はありません',
    en: 'The workbook changes nothing',
  },
  excelCurrent: { ja: '現在の下書き', en: 'Current draft' },
  excelInFile: { ja: 'Excel の内容', en: 'In the workbook' },
  excelSave: { ja: 'この内容で下書きに保存', en: 'Save into the draft' },
  excelSaving: { ja: '保存しています…', en: 'Saving…' },
  excelCancel: { ja: '取り込まない', en: 'Do not import' },
  excelSaved: {
    ja: 'Excel から {n} 件の項目を下書きに取り込みました',
    en: '{n} field(s) imported from Excel into the draft',
  },
  excelErrorsTitle: {
    ja: '取り込めません（何も保存していません）',
    en: 'Cannot import (nothing was saved)',
  },
  excelCell: { ja: 'セル', en: 'Cell' },
  excelMessage: { ja: '内容', en: 'Problem' },

  cycleImportTitle: { ja: 'Excel からシートを取り込む', en: 'Import sheets from Excel' },
  cycleImportLink: { ja: 'Excelから取り込む', en: 'Import from Excel' },
  cycleImportIntro: {
    ja: '1行に1事業の Excel ファイル（公表データ list.xlsx の values シートと同じ形）から、この年度サイクルのシートの下書きに取り込みます。見出しが項目名・項目のパスと同じ列は自動で対応付けます。対応付けを確かめ、行とセルごとの誤りを直してから取り込んでください。1件でも誤りがあれば何も取り込みません。',
    en: 'Import the drafts of this cycle’s sheets from a workbook with one project per row (shaped like the values sheet of the open-data list.xlsx). Columns whose header is a field’s label or path map themselves. Check the mapping and fix every problem by row and cell before importing: with any problem nothing is imported.',
  },
  cycleImportFile: { ja: 'Excel ファイル（.xlsx）', en: 'Excel workbook (.xlsx)' },
  cycleImportWorksheet: {
    ja: 'ワークシート名（空欄: values または先頭のシート）',
    en: 'Worksheet (blank: values or the first sheet)',
  },
  cycleImportCheck: { ja: '内容を確認する', en: 'Check the workbook' },
  cycleImportRecheck: { ja: 'この対応付けで確認し直す', en: 'Check again with this mapping' },
  cycleImportRun: { ja: '{n}件のシートに取り込む', en: 'Import into {n} sheet(s)' },
  cycleImportMapping: { ja: '列の対応付け', en: 'Column mapping' },
  cycleImportHeader: { ja: '見出し', en: 'Header' },
  cycleImportColumn: { ja: '列', en: 'Column' },
  cycleImportField: { ja: '取り込む項目', en: 'Field' },
  cycleImportIgnore: { ja: '（取り込まない）', en: '(not imported)' },
  cycleImportRows: { ja: '行ごとの確認結果', en: 'Rows' },
  cycleImportRow: { ja: '行', en: 'Row' },
  cycleImportProject: { ja: '事業番号', en: 'Project code' },
  cycleImportValues: { ja: '値の数', en: 'Values' },
  cycleImportOk: { ja: '問題なし', en: 'OK' },
  cycleImportErrors: { ja: '誤りが {n} 件あります', en: '{n} problem(s)' },
  cycleImportNoErrors: {
    ja: '誤りはありません。取り込めます',
    en: 'No problems: ready to import',
  },
  cycleImportDone: {
    ja: '{n}件のシートに取り込みました',
    en: 'Imported into {n} sheet(s)',
  },
  cycleImportBack: { ja: '年度サイクルへ戻る', en: 'Back to the cycle' },
} satisfies Record<string, LocalizedText>;
