/** Words of the inbox's saved filters. */
export const INBOX_FILTER_MESSAGES = {
  savedFilters: { ja: '保存した絞り込み', en: 'Saved filters' },
  noSavedFilters: {
    ja: '保存した絞り込みはありません。条件を選んで名前を付けて保存できます。',
    en: 'No saved filters yet. Choose filters and save them under a name.',
  },
  applySavedFilter: { ja: '適用', en: 'Apply' },
  deleteSavedFilter: { ja: '削除', en: 'Delete' },
  saveFilterName: { ja: '絞り込みの名前', en: 'Name of the filter' },
  saveFilter: { ja: '今の条件を保存', en: 'Save current filters' },
  filterSaved: { ja: '絞り込み「{name}」を保存しました', en: 'Saved the filter "{name}"' },
  filterApplied: { ja: '絞り込み「{name}」を適用しました', en: 'Applied the filter "{name}"' },
  filterDeleted: { ja: '絞り込み「{name}」を削除しました', en: 'Deleted the filter "{name}"' },
  confirmDeleteFilter: {
    ja: '絞り込み「{name}」を削除しますか？',
    en: 'Delete the filter "{name}"?',
  },
  savedFilterCount: { ja: '{n} / {max} 件', en: '{n} of {max}' },
} as const;
