/** The signed-in host as the API shows them (never the password hash). */
export interface MeDto {
  id: string;
  email: string;
  name: string;
  username: string;
  timeZone: string;
  /** ISO 8601 (UTC), the same in server components as in the JSON API. */
  createdAt: string;
}

/** The user columns a MeDto is made of. */
export const ME_SELECT = { id: true, email: true, name: true, username: true, timeZone: true, createdAt: true } as const;

export function toMeDto(row: { id: string; email: string; name: string; username: string; timeZone: string; createdAt: Date }): MeDto {
  return { ...row, createdAt: row.createdAt.toISOString() };
}
