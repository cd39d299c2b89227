import { createContext, useContext } from 'react';
import type { JudgementDefinition } from '@hyoka/domain';

/**
 * The template's judgement wording and levels (◎/○/△/×, 達成/未達成…), provided once by the
 * sheet screen for the editors that judge as the user types (indicator rows, group items).
 * Undefined: the default ○/×.
 */
export const JudgementContext = createContext<JudgementDefinition | undefined>(undefined);

export const useJudgement = (): JudgementDefinition | undefined => useContext(JudgementContext);
