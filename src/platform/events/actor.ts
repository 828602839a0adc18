// Who did something. The AI is an actor in its own right, always with the model version
// that acted, so the audit trail can answer "which model decided this".
export type Actor =
  | { type: 'user'; id: string; name: string }
  | { type: 'api_key'; id: string; name: string }
  | { type: 'ai'; modelVersion: number }
  | { type: 'system'; name: string };

export const aiActor = (modelVersion: number): Actor => ({ type: 'ai', modelVersion });
export const systemActor = (name = 'Triage'): Actor => ({ type: 'system', name });

export function actorName(actor: Actor): string {
  switch (actor.type) {
    case 'user':
    case 'api_key':
    case 'system':
      return actor.name;
    case 'ai':
      return `Triage AI (model v${actor.modelVersion})`;
  }
}

export function actorId(actor: Actor): string | null {
  switch (actor.type) {
    case 'user':
    case 'api_key':
      return actor.id;
    case 'ai':
    case 'system':
      return null;
  }
}
