// The schema explorer: a pane beside the panes that lists the schema's types (the root types
// first), searches it as one types, and shows a type's page: its description, fields with their
// arguments, defaults and types (each a link), deprecated members folded with their reason,
// interfaces, union members, where the type is used, and the paths that reach it from the root.
// Back and forward (buttons, Alt+Left/Right and the mouse's side buttons in the pane) walk the
// pages visited. Every answer comes from Rust (`explorer_*` commands over the schema in use); the
// pane shows them as text only.

import { batch, createEffect, createMemo, createResource, createSignal, For, type JSX, on, Show, untrack } from "solid-js";

import * as ipc from "../ipc";
import { VirtualList } from "./VirtualList";
import type { ExplorerPage } from "../generated/ExplorerPage";
import type { MemberShown } from "../generated/MemberShown";
import type { PathShown } from "../generated/PathShown";
import type { SearchResultShown } from "../generated/SearchResultShown";
import type { TypeShown } from "../generated/TypeShown";
import { resultKeys } from "../dom";
import { memberHeight, PageCache } from "../explorer/pages";
import { changesPage, webLink, firstVisit, markdownBlocks, memberOf, pageOf, shownPage, stepped, type TextPiece, visit, type Visits } from "../explorer/history";
import type { ChangeShown } from "../generated/ChangeShown";
import type { SchemaVersionShown } from "../generated/SchemaVersionShown";

/** The explorer's state, which the editor (go to definition) also drives. */
export function createExplorer() {
  const [visits, setVisits] = createSignal<Visits>(firstVisit);
  /** The member to bring into view on the page shown (a field, enum value…). */
  const [member, setMember] = createSignal<string | null>(null);
  /** The earlier version the changes page compares with; `null`: the schema before the last refresh. */
  const [comparedWith, setComparedWith] = createSignal<string | null>(null);
  return {
    visits,
    member,
    comparedWith,
    compareWith(id: string | null): void {
      setComparedWith(id);
    },
    /** A new schema (another endpoint, a refresh): the changes page starts from the refresh's again. */
    schemaChanged(): void {
      setComparedWith(null);
    },
    /** Opens the page of `coordinate` (a type, `Type.field`, `@directive`…) with its member in view. */
    open(coordinate: string): void {
      // From here to the frame that paints the page: `sextant:explorer-page` (bench/app).
      performance.mark("sextant:explorer-open");
      setVisits((now) => visit(now, pageOf(coordinate)));
      setMember(memberOf(coordinate));
    },
    step(by: number): void {
      setVisits((now) => stepped(now, by));
      setMember(null);
    },
  };
}
export type ExplorerState = ReturnType<typeof createExplorer>;

/** How long a search result stays selected before its page is asked for ahead. */
const askAfterPauseMs = 150;

const searchKinds: [string, string][] = [
  ["", "All"], ["type", "Types"], ["field", "Fields"], ["argument", "Arguments"], ["inputField", "Input fields"],
  ["enumValue", "Enum values"], ["directive", "Directives"],
];

/** A piece of a description, as text in the element its emphasis asks for. */
function Piece(props: { piece: TextPiece }) {
  const piece = props.piece;
  if (piece.code) return <code>{piece.text}</code>;
  if (piece.strong) return <strong>{piece.text}</strong>;
  if (piece.em) return <em>{piece.text}</em>;
  // A web link opens in the system browser when clicked, never by itself; any other is text.
  if (piece.href && webLink(piece.href)) {
    return (
      <button
        type="button"
        class="explorer-external"
        title={`Open ${piece.href} in the browser`}
        data-href={piece.href}
        onClick={() => void ipc.openLink({ url: piece.href! }).catch((error) => alertOpenFailed(ipc.asCommandError(error).message))}
      >{piece.text}</button>
    );
  }
  if (piece.href) return <span class="explorer-link-text" title={piece.href}>{piece.text}</span>;
  return <>{piece.text}</>;
}

/** Whether this window has drawn an explorer page out of sight yet (see `warmUp`). */
let warmedUp = false;

/** Why a link did not open, where the explorer says things. */
const [openFailed, alertOpenFailed] = createSignal<string | null>(null);

/** A description's Markdown (`markdownBlocks`), every piece of it a text node. */
function Description(props: { text: string | null }) {
  return (
    <Show when={props.text}>
      <div class="explorer-description">
        <For each={markdownBlocks(props.text!)}>
          {(block) => {
            const pieces = <For each={block.pieces}>{(piece) => <Piece piece={piece} />}</For>;
            if (block.kind === "code") return <pre>{pieces}</pre>;
            if (block.kind === "item") return <p class="explorer-item">• {pieces}</p>;
            return <p>{pieces}</p>;
          }}
        </For>
      </div>
    </Show>
  );
}

export function Explorer(props: {
  state: ExplorerState;
  schema: unknown;
  close(): void;
  /** The "+" beside a field: adds it to the query at the editor's cursor; what to say, if anything. */
  addField(coordinate: string): Promise<string | null>;
  /** The earlier versions of the endpoint's schema kept in the cache, newest first. */
  versions(): Promise<SchemaVersionShown[]>;
  /** How the schema in use differs from one of them. */
  compare(id: string): Promise<ChangeShown[]>;
}) {
  const state = props.state;
  // Another schema: "Compare with…" starts again from the refresh's changes.
  createEffect(on(() => props.schema, () => state.schemaChanged(), { defer: true }));
  const page = () => shownPage(state.visits());
  const open = (coordinate: string) => state.open(coordinate);
  /** A type's name as a link to its page. */
  const TypeLink = (link: { name: string | null; text?: string }): JSX.Element => (
    <Show when={link.name} fallback={<span>{link.text}</span>}>
      <button type="button" class="explorer-link" onPointerEnter={() => pages().prefetch(pageOf(link.name!))} onClick={() => open(link.name!)}>
        {link.text ?? link.name}
      </button>
    </Show>
  );

  // Pages of the schema in use, kept and asked for ahead (a new schema starts an empty cache).
  const pages = createMemo(() => {
    void props.schema;
    return new PageCache(async (name) => {
      const asked = performance.now();
      const page = await ipc.explorerPage({ name });
      // The round trip alone, beside the page's whole time (bench/app).
      performance.measure("sextant:explorer-page-ipc", { start: asked });
      return page;
    });
  });

  // The first page and the first search results a window draws ran code not run before: 16-26 ms
  // to their frame where any later one took 4-12 (bench/app explorer). So when the pane first shows
  // the list of types, the first root type's page and the results of a search for its name are drawn
  // with it, out of sight, and let go a frame later (once a window: the code stays ready).
  const [warm, setWarm] = createSignal<{ page: ExplorerPage; results: SearchResultShown[] } | null>(null);
  const warmUp = async (types: TypeShown[]) => {
    const root = types.find((type) => type.root)?.name;
    if (!root) return;
    try {
      const [page, results] = await Promise.all([pages().get(root), ipc.explorerSearch({ query: root, kinds: [], limit: 50 })]);
      setWarm({ page, results });
      requestAnimationFrame(() => requestAnimationFrame(() => setWarm(null)));
    } catch {
      // Only a head start: the page and the search are asked for again when wanted.
    }
  };

  // The page shown, fetched again when the schema changes.
  const [shown] = createResource(
    () => ({ page: page(), schema: props.schema, comparedWith: state.comparedWith() }),
    async ({ page: name }): Promise<{ types: TypeShown[] } | { page: ExplorerPage } | { changes: ChangeShown[] } | { error: string }> => {
      try {
        if (name === changesPage) {
          const id = state.comparedWith();
          return { changes: id ? await props.compare(id) : await ipc.schemaChanges() };
        }
        if (name === "") {
          const types = await ipc.explorerTypes();
          if (!warmedUp) {
            warmedUp = true;
            await warmUp(types);
          }
          return { types };
        }
        return { page: await pages().get(name) };
      } catch (error) {
        return { error: ipc.asCommandError(error).message };
      }
    },
  );

  // Search as one types; the results replace the page until the box is emptied.
  const [query, setQuery] = createSignal("");
  const [kind, setKind] = createSignal("");
  const [results, setResults] = createSignal<SearchResultShown[]>([]);
  const [selected, setSelected] = createSignal(0);
  // The page stays until the first answer for what is typed comes: it is then replaced once, not
  // by "Nothing matches." first (a frame drawn for nothing, and a flash of it).
  const [answered, setAnswered] = createSignal(false);
  let asked = 0;
  createEffect(on([query, kind, () => props.schema], async ([text, only]) => {
    const mine = ++asked;
    if (!text.trim()) {
      batch(() => {
        setResults([]);
        setAnswered(false);
      });
      return;
    }
    const sent = performance.now();
    const found = await ipc.explorerSearch({ query: text, kinds: only ? [only] : [], limit: 50 }).catch(() => []);
    // The round trip alone, beside the key's whole time (bench/app explorer).
    performance.measure("sextant:explorer-search-ipc", { start: sent });
    if (mine !== asked) return;
    batch(() => {
      setResults(found);
      setSelected(0);
      setAnswered(true);
    });
  }));
  // The selected result is the page most likely opened next, asked for ahead: once its results are
  // painted when its name is what was typed (Enter comes next), else once the selection stays a
  // moment; one page at a time (the newest wanted waits for the one on its way). Pages asked for
  // at every keystroke had held the search's own answers back (bench/app: a key's p99 17 → 23 ms).
  let pageOnItsWay = false;
  let pageWanted: string | null = null;
  /** Counts the selections: a page is asked for only while its result is still the one selected. */
  let selections = 0;
  const askAhead = () => {
    if (pageOnItsWay || pageWanted === null) return;
    const wanted = pageWanted;
    pageWanted = null;
    pageOnItsWay = true;
    void pages().get(wanted).catch(() => undefined).finally(() => {
      pageOnItsWay = false;
      askAhead();
    });
  };
  createEffect(() => {
    const result = results()[selected()];
    const selection = ++selections;
    if (!result || result.place.page === changesPage) return;
    const page = result.place.page;
    const typedWhole = [result.coordinate, page].some((name) => name.toLowerCase() === untrack(query).trim().toLowerCase());
    const want = () => {
      if (selection !== selections) return;
      pageWanted = page;
      askAhead();
    };
    // (Typed whole: asked as the frame that paints the results starts, so that its answer, read
    // after that frame, cannot hold it back; asked after the frame, it came after Enter more often.)
    if (typedWhole) requestAnimationFrame(want);
    else setTimeout(want, askAfterPauseMs);
  });
  const openResult = (result: SearchResultShown) => {
    state.open(result.place.member ? `${result.place.page}.${result.place.member}` : result.place.page);
    setQuery("");
  };

  // How to reach the page's type: asked for when wanted (a path search walks the whole schema).
  const [paths, setPaths] = createSignal<PathShown[] | null>(null);
  createEffect(on([page, () => props.schema], () => setPaths(null)));
  const showPaths = async () => {
    const name = page();
    const found = await ipc.explorerPaths({ name }).catch(() => []);
    if (name === page()) setPaths(found);
  };

  // Timings for bench/app: a page asked for, and a key in the search box, to the frame that paints
  // the answer (measures named `sextant:explorer-page` and `sextant:explorer-search`).
  const measureToFrame = (name: string, mark: string) => {
    const started = performance.getEntriesByName(mark).at(-1)?.startTime;
    if (started === undefined) return;
    performance.clearMarks(mark);
    // The page's own work (the answer and the elements made for it), apart from the frame's wait.
    performance.measure(`${name}-built`, { start: started });
    queueMicrotask(() => queueMicrotask(() => performance.measure(`${name}-settled`, { start: started })));
    requestAnimationFrame((frame) => performance.measure(name, { start: started, end: frame }));
  };
  createEffect(on(shown, () => measureToFrame("sextant:explorer-page", "sextant:explorer-open"), { defer: true }));
  createEffect(on(results, () => measureToFrame("sextant:explorer-search", "sextant:explorer-key"), { defer: true }));

  // The member asked for comes into view once its page is drawn (a long list scrolls to it itself).
  let pane!: HTMLElement;
  let body!: HTMLDivElement;
  createEffect(() => {
    const data = shown();
    const wanted = state.member();
    if (!data || !("page" in data) || !wanted) return;
    queueMicrotask(() => pane.querySelector(`[data-member="${CSS.escape(wanted)}"]`)?.scrollIntoView({ block: "center" }));
  });

  const onKeyDown = (event: KeyboardEvent) => {
    if (event.altKey && (event.key === "ArrowLeft" || event.key === "ArrowRight")) {
      event.preventDefault();
      state.step(event.key === "ArrowLeft" ? -1 : 1);
    }
  };

  /** What the last "+" said (why it added nothing, variables to add by hand). */
  const [said, setSaid] = createSignal<string | null>(null);
  createEffect(on(page, () => setSaid(null)));
  createEffect(on(openFailed, (message) => { if (message) setSaid(message); }, { defer: true }));
  const add = async (coordinate: string) => {
    setSaid(null);
    setSaid(await props.addField(coordinate));
  };

  /** A field, argument, input field or enum value; `of` names the type when its fields can be added to a query. */
  const Member = (member: { shown: MemberShown; focused: boolean; of?: string }) => (
    <li class="explorer-member" classList={{ focused: member.focused, deprecated: member.shown.deprecated ?? false }} data-member={member.shown.name}>
      <div class="explorer-signature">
        <Show when={member.of}>
          <button
            type="button"
            class="explorer-add"
            title="Add to the query at the cursor, with the fields that lead to it"
            aria-label={`Add ${member.of}.${member.shown.name} to the query`}
            data-coordinate={`${member.of}.${member.shown.name}`}
            onClick={() => void add(`${member.of}.${member.shown.name}`)}
          >+</button>
        </Show>
        <span class="explorer-name">{member.shown.name}</span>
        <Show when={(member.shown.arguments ?? []).length > 0}>
          {"("}
          <For each={member.shown.arguments ?? []}>
            {(argument, at) => (
              <>
                {at() > 0 ? ", " : ""}
                <span class="explorer-argument" title={argument.description ?? ""}>{argument.name}</span>
                {": "}
                <TypeLink name={argument.typeName ?? null} text={argument.typeText ?? ""} />
                {argument.defaultValue !== undefined ? ` = ${argument.defaultValue}` : ""}
              </>
            )}
          </For>
          {")"}
        </Show>
        <Show when={member.shown.typeText}>
          {": "}
          <TypeLink name={member.shown.typeName ?? null} text={member.shown.typeText!} />
        </Show>
      </div>
      <Show when={member.shown.deprecated}>
        <p class="explorer-deprecation">Deprecated{member.shown.deprecationReason ? `: ${member.shown.deprecationReason}` : ""}</p>
      </Show>
      <Description text={member.shown.description ?? null} />
    </li>
  );

  /** A type's page; `warm` when drawn out of sight (no ids, nothing scrolled to). */
  const PageView = (view: { page: ExplorerPage; warm?: boolean }) => {
    const id = (name: string) => (view.warm ? undefined : name);
    const member = () => (view.warm ? null : state.member());
    const live = () => view.page.fields.filter((field) => !field.deprecated);
    const deprecated = () => view.page.fields.filter((field) => field.deprecated === true);
    const addableOf = () => (view.page.kind === "object" || view.page.kind === "interface" ? view.page.coordinate : undefined);
    const heading = () => ({ enumValue: "Values", inputObject: "Input fields", directive: "Arguments" } as Record<string, string>)[
      view.page.kind === "enum" ? "enumValue" : view.page.kind
    ] ?? "Fields";
    return (
      <article id={id("explorer-page")} data-coordinate={view.page.coordinate}>
        <h2><span class="explorer-kind">{view.page.root ? "root" : view.page.kind}</span> {view.page.coordinate}</h2>
        <Description text={view.page.description} />
        <Show when={view.page.interfaces.length > 0}>
          <p class="explorer-related">Implements <For each={view.page.interfaces}>{(name) => <TypeLink name={name} />}</For></p>
        </Show>
        <Show when={view.page.members.length > 0}>
          <p class="explorer-related">One of <For each={view.page.members}>{(name) => <TypeLink name={name} />}</For></p>
        </Show>
        <Show when={view.page.fields.length > 0}>
          <h3>{heading()}</h3>
          <VirtualList
            id={id("explorer-fields")}
            items={live()}
            scroller={() => body}
            estimate={memberHeight}
            scrollTo={live().findIndex((field) => field.name === member())}
          >
            {(field) => <Member shown={field} focused={field.name === member()} of={addableOf()} />}
          </VirtualList>
          <Show when={deprecated().length > 0}>
            <details id={id("explorer-deprecated")} open={deprecated().some((field) => field.name === member())}>
              <summary>{`${deprecated().length} deprecated`}</summary>
              <ul><For each={deprecated()}>{(field) => <Member shown={field} focused={field.name === member()} of={addableOf()} />}</For></ul>
            </details>
          </Show>
        </Show>
        <Show when={view.page.kind !== "directive"}>
          <h3>Used by</h3>
          <Show when={view.page.references.length > 0} fallback={<p class="muted">{view.page.root ? "A root type: operations start here." : "Nothing in the schema uses it."}</p>}>
            <VirtualList
              id={id("explorer-references")}
              items={view.page.references}
              scroller={() => body}
              estimate={24}
              // Below the fields: out of view on a long page until laid out.
              estimatedStart={view.page.fields.reduce((sum, field) => sum + memberHeight(field), 0)}
            >
              {(reference) => (
                <li>
                  <button type="button" class="explorer-link" onClick={() => open(reference.coordinate)}>{reference.coordinate}</button>
                  <span class="muted"> {relationText[reference.relation] ?? reference.relation}</span>
                </li>
              )}
            </VirtualList>
          </Show>
          <h3>How to reach it</h3>
          <Show when={paths()} fallback={<button id={id("explorer-show-paths")} type="button" onClick={() => void showPaths()}>Show the paths from the root</button>}>
            <Show when={paths()!.length > 0} fallback={<p class="muted">{view.page.root ? "Operations start here." : "No field leads here."}</p>}>
              <ol id={id("explorer-paths")}>
                <For each={paths()!}>
                  {(path) => (
                    <li>
                      <For each={path.steps}>
                        {(step, at) => (
                          <>
                            {at() > 0 ? " › " : ""}
                            {step.on ? `… on ${step.on} › ` : ""}
                            <button type="button" class="explorer-link" onClick={() => open(`${step.place.page}.${step.place.member ?? ""}`)}>{step.text}</button>
                          </>
                        )}
                      </For>
                      {path.thenOn ? ` › … on ${path.thenOn}` : ""}
                    </li>
                  )}
                </For>
              </ol>
            </Show>
          </Show>
        </Show>
      </article>
    );
  };

  /**
   * Search results; `warm` when drawn out of sight. Rows in view only, keyed by coordinate: a result
   * still found after a key keeps its elements.
   */
  const ResultsView = (view: { results: SearchResultShown[]; selected: number; warm?: boolean }) => {
    const resultAt = createMemo(() => new Map(view.results.map((result, at) => [result.coordinate, at])));
    return (
      <VirtualList
        id={view.warm ? undefined : "explorer-results"}
        class="explorer-results"
        role="listbox"
        label="Search results"
        items={view.results.map((result) => result.coordinate)}
        scroller={() => body}
        estimate={26}
        scrollTo={view.warm ? null : view.selected}
      >
        {(coordinate) => {
          const at = () => resultAt().get(coordinate) ?? -1;
          const result = () => view.results[at()];
          return (
            <li
              role="option"
              aria-selected={at() === view.selected}
              classList={{ deprecated: result()?.deprecated }}
              onClick={() => openResult(result())}
            >
              <span class="explorer-name">{coordinate}</span>
              <span class="explorer-kind">{result()?.kind}</span>
              <Show when={result()?.summary}><span class="muted"> {result()!.summary}</span></Show>
            </li>
          );
        }}
      </VirtualList>
    );
  };

  // The earlier versions to compare with, read when the changes page is shown.
  const [versions] = createResource(
    () => (page() === changesPage ? { schema: props.schema } : false),
    () => props.versions().catch(() => [] as SchemaVersionShown[]),
  );
  const versionLabel = (version: SchemaVersionShown) => `${new Date(version.fetchedAtUnixMs).toLocaleString()} · ${version.hash}`;

  /**
   * The changes a refresh found, or those since an earlier version chosen in "Compare with…",
   * grouped by how much they matter, each linked to its place.
   */
  const ChangesView = (view: { changes: ChangeShown[] }) => (
    <article id="explorer-changes">
      <h2>Changes</h2>
      <p class="explorer-compare">
        <label for="explorer-compare">Compare with </label>
        <select
          id="explorer-compare"
          value={state.comparedWith() ?? ""}
          onChange={(event) => state.compareWith(event.currentTarget.value || null)}
        >
          <option value="">the schema before the last refresh</option>
          <For each={versions() ?? []}>{(version) => <option value={version.id}>{versionLabel(version)}</option>}</For>
        </select>
      </p>
      <Show when={versions.state === "ready" && versions()!.length === 0}>
        <p class="muted">No earlier version of this endpoint's schema is kept yet: each refresh that brings a different schema keeps the one before (the last ten).</p>
      </Show>
      <Show when={view.changes.length > 0} fallback={<p class="muted">{state.comparedWith() ? "That version is the same schema." : "No refresh has changed the schema."}</p>}>
        <For each={changeGroups}>
          {([criticality, heading]) => {
            const group = () => view.changes.filter((change) => change.criticality === criticality);
            return (
              <Show when={group().length > 0}>
                <h3 data-criticality={criticality}>{`${heading} (${group().length})`}</h3>
                <ul class="explorer-change-list" data-criticality={criticality}>
                  <For each={group()}>
                    {(change) => (
                      <li>
                        <Show when={change.coordinate}>
                          <button type="button" class="explorer-link" onClick={() => open(change.coordinate!)}>{change.coordinate}</button>
                          {" "}
                        </Show>
                        <span>{change.message}</span>
                      </li>
                    )}
                  </For>
                </ul>
              </Show>
            );
          }}
        </For>
      </Show>
    </article>
  );

  return (
    <aside
      id="explorer"
      aria-label="Schema explorer"
      ref={pane}
      onKeyDown={onKeyDown}
      // The mouse's back and forward buttons, as in a browser.
      onMouseUp={(event) => {
        if (event.button === 3 || event.button === 4) {
          event.preventDefault();
          state.step(event.button === 3 ? -1 : 1);
        }
      }}
    >
      <div class="toolbar">
        <button id="explorer-back" type="button" title="Back (Alt+Left)" aria-label="Back" disabled={state.visits().at === 0} onClick={() => state.step(-1)}>‹</button>
        <button id="explorer-forward" type="button" title="Forward (Alt+Right)" aria-label="Forward" disabled={state.visits().at === state.visits().pages.length - 1} onClick={() => state.step(1)}>›</button>
        <nav id="explorer-crumbs" aria-label="Where in the schema">
          <button type="button" class="explorer-link" onClick={() => open("")}>Schema</button>
          <Show when={page()}>
            {" › "}
            <button type="button" class="explorer-link" onClick={() => open(page())}>{page() === changesPage ? "Changes" : page()}</button>
          </Show>
          <Show when={page() && state.member()}>{` › ${state.member()}`}</Show>
        </nav>
        <span class="spacer" />
        <button id="explorer-versions" type="button" title="Compare with an earlier version of this schema" onClick={() => open(changesPage)}>Compare…</button>
        <button id="explorer-close" type="button" title="Close the explorer (Ctrl+Shift+E)" aria-label="Close the explorer" onClick={() => props.close()}>×</button>
      </div>
      <div class="explorer-search">
        <label class="visually-hidden" for="explorer-search">Search the schema</label>
        <input
          id="explorer-search"
          type="search"
          placeholder="Search types, fields, arguments…"
          spellcheck={false}
          autocomplete="off"
          value={query()}
          onInput={(event) => {
            performance.mark("sextant:explorer-key");
            setQuery(event.currentTarget.value);
          }}
          onKeyDown={(event) => {
            if (resultKeys(event, results(), selected(), setSelected, openResult)) return;
            if (event.key === "Escape" && query()) {
              event.preventDefault();
              setQuery("");
            }
          }}
        />
        <label class="visually-hidden" for="explorer-kind">Kind</label>
        <select id="explorer-kind" value={kind()} onChange={(event) => setKind(event.currentTarget.value)}>
          <For each={searchKinds}>{([value, label]) => <option value={value}>{label}</option>}</For>
        </select>
      </div>
      <Show when={said()}>
        <p id="explorer-said" class="notice" role="status">
          {said()}
          <button type="button" class="link" aria-label="Dismiss" onClick={() => setSaid(null)}>×</button>
        </p>
      </Show>
      <div class="explorer-body" ref={body}>
        <Show when={query().trim() && answered()} fallback={
          // Only an answer for the page asked for: the page before it is not drawn again while the
          // next one is on its way (drawing it delayed the answer, and showed a stale page).
          <Show when={shown.state === "ready" && shown()} keyed>
            {(now) => {
              if ("error" in now) return <p id="explorer-message" role="alert">{now.error}</p>;
              if ("types" in now) {
                return (
                  <VirtualList id="explorer-types" items={now.types} scroller={() => body} estimate={24}>
                    {(type) => (
                      <li>
                        <button type="button" class="explorer-link" onClick={() => open(type.name)}>{type.name}</button>
                        <span class="explorer-kind">{type.root ? "root" : type.kind}</span>
                        <Show when={type.summary}><span class="muted"> {type.summary}</span></Show>
                      </li>
                    )}
                  </VirtualList>
                );
              }
              if ("changes" in now) return <ChangesView changes={now.changes} />;
              return <PageView page={now.page} />;
            }}
          </Show>
        }>
          <Show when={results().length > 0} fallback={<ul id="explorer-results" class="explorer-results" role="listbox" aria-label="Search results"><li class="muted">Nothing matches.</li></ul>}>
            <ResultsView results={results()} selected={selected()} />
          </Show>
        </Show>
      </div>
      <Show when={warm()}>
        {(drawn) => (
          <div class="explorer-warm" aria-hidden="true">
            <PageView page={drawn().page} warm />
            <ResultsView results={drawn().results} selected={0} warm />
          </div>
        )}
      </Show>
    </aside>
  );
}

const changeGroups: [string, string][] = [["breaking", "Breaking"], ["dangerous", "Dangerous"], ["safe", "Safe"]];

const relationText: Record<string, string> = {
  field: "returns it",
  argument: "takes it as an argument",
  inputField: "takes it as an input field",
  directiveArgument: "takes it in a directive",
  unionMember: "has it as a member",
  implementation: "implements it",
};
