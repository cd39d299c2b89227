/** Words of printing a sheet (the sheet screen's 印刷 links). */
export const PRINT_MESSAGES = {
  printPdf: { ja: '印刷（PDF）', en: 'Print (PDF)' },
  printView: { ja: '印刷画面', en: 'Print view' },
  printHint: {
    ja: '保存済みの内容を様式どおりに印刷します（下書き・審査中の表示付き）',
    en: 'Prints the saved content in the sheet’s paper form (marked draft or under review)',
  },
} as const;
