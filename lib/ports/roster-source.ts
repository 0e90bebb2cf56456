// A district's roster as the match function reads it: through the Clever Data API with the district's
// current token. The adapter owns token lookup and the one refresh after a 401.
import type { CleverSchool, CleverUser } from '../clever/types.ts';
import type { PersonType } from '../match/types.ts';

export interface RosterSource {
  listUsers(districtId: string, role: PersonType): AsyncIterable<CleverUser>;
  listSchools(districtId: string): AsyncIterable<CleverSchool>;
}
