// The contract between the people-matching engine and everything that feeds it (CLI, S3-triggered
// function, evaluation scripts). Inputs are raw strings exactly as they came from the app CSV or the
// Clever record; the engine owns all normalisation.

export type PersonType = 'student' | 'teacher' | 'staff' | 'district_admin';
export type RecordType = PersonType | 'school' | 'section';
export const RECORD_TYPES: readonly RecordType[] = [
  'student',
  'teacher',
  'staff',
  'district_admin',
  'school',
  'section',
];

/** One person, from either side. Every field is optional; "" and undefined both mean missing. */
export interface PersonFields {
  first?: string;
  middle?: string;
  last?: string;
  /** A whole name in one cell ("Rivera, Sam J" or "Sam J Rivera") when the file has no split columns. */
  fullName?: string;
  /** Any common date form: M/D/YYYY, MM/DD/YYYY, YYYY-MM-DD, M/D/YY, YYYYMMDD. */
  dob?: string;
  email?: string;
  sisId?: string;
  /** student_number, teacher_number or staff_id, by record type. */
  number?: string;
  stateId?: string;
  grade?: string;
  /** School names (app side) or school names resolved from Clever school ids (Clever side). */
  schools?: string[];
  gender?: string;
  username?: string;
  /** Home address (Clever `location`): street line(s), city, ZIP/postcode. Mild evidence, often stale. */
  address?: string;
  city?: string;
  zip?: string;
}

/** The five Matchmaker outcomes, exactly as they appear in the result CSV. */
export type MatchmakerResult =
  | 'match'
  | 'from app, no match'
  | 'from app, duplicate'
  | 'from Clever, no match'
  | 'from Clever, duplicate';

export interface Suggestion {
  cleverIndex: number;
  confidence: number;
  evidence: string;
}

export interface AppOutcome {
  result: 'match' | 'from app, no match' | 'from app, duplicate';
  /** Index into the Clever input for `match`. */
  cleverIndex?: number;
  /** 0..1 posterior probability that the pair is the same person (for `match`). */
  confidence?: number;
  /** Short per-field reasons, e.g. "sis_id exact; dob day/month swapped; first nickname". */
  evidence?: string;
  /** For non-matches with a plausible candidate (the review band) and for duplicates. */
  suggestion?: Suggestion;
  /** For `from app, duplicate`: the other app indices in the same duplicate group. */
  duplicateOf?: number[];
}

export interface CleverOutcome {
  result: 'match' | 'from Clever, no match' | 'from Clever, duplicate';
  appIndex?: number;
  duplicateOf?: number[];
}

export interface MatchProgress {
  phase: string;
  done: number;
  total: number;
}

export interface MatchOptions {
  type: PersonType;
  /** Posterior probability at or above which a pair may be a `match` (default chosen by the engine). */
  matchThreshold?: number;
  /** Posterior probability at or above which an unmatched pair is offered as a suggestion. */
  reviewThreshold?: number;
  onProgress?: (progress: MatchProgress) => void;
}

export interface MatchStats {
  appRecords: number;
  cleverRecords: number;
  candidatePairs: number;
  candidatesPerRecord: number;
  pairsScoredPerSecond: number;
  timingsMs: Record<string, number>;
  /** Learned log2 weights per field and level, for the report. */
  weights: Record<string, Record<string, number>>;
  counts: Record<MatchmakerResult, number>;
}

export interface MatchResult {
  app: AppOutcome[];
  clever: CleverOutcome[];
  stats: MatchStats;
}
