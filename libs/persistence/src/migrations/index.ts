import { Foundation1763800000000 } from './1763800000000-Foundation';
import { DomainModel1763900000000 } from './1763900000000-DomainModel';
import { Tasks1764000000000 } from './1764000000000-Tasks';
import { Sessions1764100000000 } from './1764100000000-Sessions';
import { AuditLog1764200000000 } from './1764200000000-AuditLog';
import { Reminders1764400000000 } from './1764400000000-Reminders';
import { Publication1764500000000 } from './1764500000000-Publication';
import { SignInThrottle1765300000000 } from './1765300000000-SignInThrottle';
import { NaturalCodeOrder1765400000000 } from './1765400000000-NaturalCodeOrder';
import { CommentAudience1765410000000 } from './1765410000000-CommentAudience';
import { FirstDay1766000000000 } from './1766000000000-FirstDay';
import { CycleOpenedMail1767400000000 } from './1767400000000-CycleOpenedMail';
import { SavedInboxFilters1767410000000 } from './1767410000000-SavedInboxFilters';
import { Programmes1767500000000 } from './1767500000000-Programmes';
import { ManagementSheetPrintLayout1767550000000 } from './1767550000000-ManagementSheetPrintLayout';
import { PolicySheets1767510000000 } from './1767510000000-PolicySheets';
import { BoundReports1767560000000 } from './1767560000000-BoundReports';
import { UserRoleScopeIndex1767570000000 } from './1767570000000-UserRoleScopeIndex';
import { ChangeFeed1767580000000 } from './1767580000000-ChangeFeed';
import { SheetCellSources1767530000000 } from './1767530000000-SheetCellSources';
/** Every migration, in order. New ones are generated from the entities (see README). */
export const migrations = [
  Foundation1763800000000,
  DomainModel1763900000000,
  Tasks1764000000000,
  Sessions1764100000000,
  AuditLog1764200000000,
  Reminders1764400000000,
  Publication1764500000000,
  SignInThrottle1765300000000,
  NaturalCodeOrder1765400000000,
  CommentAudience1765410000000,
  FirstDay1766000000000,
  CycleOpenedMail1767400000000,
  SavedInboxFilters1767410000000,
  Programmes1767500000000,
  PolicySheets1767510000000,
  SheetCellSources1767530000000,
  ManagementSheetPrintLayout1767550000000,
  BoundReports1767560000000,
  UserRoleScopeIndex1767570000000,
  ChangeFeed1767580000000,
];
