// Explorer pages asked of Rust, kept for a while: the page a person is about to open (the search
// result they have selected) is asked for ahead, so that Enter paints it without a round trip, and
// Back and Forward draw the pages just seen at once.

import type { MemberShown } from "../generated/MemberShown";

/**
 * A member's height before it is measured, from the length of its lines in a pane of the usual
 * width (about 48 characters of its signature and 58 of its description to a line).
 */
export function memberHeight(member: MemberShown): number {
  const signature = member.name.length + (member.typeText?.length ?? 0) + 2
    + (member.arguments ?? []).reduce((sum, argument) => sum + argument.name.length + (argument.typeText?.length ?? 0) + 4, 0);
  const description = member.description ? Math.ceil(member.description.length / 58) : 0;
  const deprecation = member.deprecated ? 1 : 0;
  return 6 + 20 * Math.ceil(signature / 48) + 18 * (description + deprecation);
}

/** The pages of one schema by name, each the answer or the question still on its way. */
export class PageCache<Page> {
  private readonly pages = new Map<string, Promise<Page>>();

  constructor(
    private readonly fetch: (name: string) => Promise<Page>,
    /** How many pages are kept: the oldest asked for goes first (GitHub's largest is ~100 kB). */
    private readonly capacity = 16,
  ) {}

  /** The page of `name`: kept, on its way, or asked for now. A failed question is not kept. */
  get(name: string): Promise<Page> {
    const kept = this.pages.get(name);
    if (kept) {
      // Used again: the newest in the order of eviction.
      this.pages.delete(name);
      this.pages.set(name, kept);
      return kept;
    }
    const asked = this.fetch(name);
    this.pages.set(name, asked);
    asked.catch(() => {
      if (this.pages.get(name) === asked) this.pages.delete(name);
    });
    while (this.pages.size > this.capacity) this.pages.delete(this.pages.keys().next().value!);
    return asked;
  }

  /** Asks for the page ahead, where it is not kept already; nothing is said when it fails. */
  prefetch(name: string): void {
    this.get(name).catch(() => undefined);
  }

  /** The names kept, oldest first (for tests). */
  names(): string[] {
    return [...this.pages.keys()];
  }
}
