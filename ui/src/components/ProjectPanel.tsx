// The project sidebar: a folder's documents (as its graphql-config lists them, or every .graphql
// file), a filter, the document in front marked, unsaved ones dotted; a document opens in a tab
// (the one it is in already, if any). Opening a folder, New file and Rename are asked of main.tsx,
// which binds tabs to files; every path is checked again in Rust.

import { createSignal, Show } from "solid-js";

import { resultKeys } from "../dom";
import type { ProjectShown } from "../generated/ProjectShown";
import { documentPath, filtered } from "../project";
import { VirtualList } from "./VirtualList";

export function ProjectPanel(props: {
  project: ProjectShown | null;
  /** What went wrong last (a folder that did not open, a rename refused). */
  problem: string | null;
  /** The front tab's document, relative to the folder. */
  active: string | null;
  /** Open documents with unsaved changes. */
  unsaved: ReadonlySet<string>;
  openFolder(dir: string): void;
  openDocument(path: string): void;
  newFile(): void;
  rename(from: string, to: string): void;
  closeProject(): void;
  close(): void;
}) {
  const [typedDir, setTypedDir] = createSignal("");
  const [filter, setFilter] = createSignal("");
  const [renaming, setRenaming] = createSignal<string | null>(null);
  const [selected, setSelected] = createSignal(0);
  const shown = () => filtered(props.project?.documents ?? [], filter());
  let body!: HTMLDivElement;

  const OpenFolder = () => (
    <form
      class="project-open"
      onSubmit={(event) => {
        event.preventDefault();
        if (typedDir().trim()) props.openFolder(typedDir().trim());
      }}
    >
      <label class="visually-hidden" for="project-dir">Folder to open</label>
      <input id="project-dir" type="text" placeholder="/path/to/project" spellcheck={false} autocomplete="off" value={typedDir()} onInput={(event) => setTypedDir(event.currentTarget.value)} />
      <button id="project-open-dir" type="submit">Open</button>
    </form>
  );

  return (
    <aside id="project" aria-label="Project">
      <div class="toolbar">
        <strong id="project-name" title={props.project?.dir ?? ""}>{props.project?.name ?? "Project"}</strong>
        <span class="spacer" />
        <Show when={props.project}>
          <button id="project-new" type="button" title="New document in this folder" onClick={() => props.newFile()}>New</button>
          <button id="project-close-folder" type="button" title="Close this folder (its tabs stay open)" onClick={() => props.closeProject()}>Close folder</button>
        </Show>
        <button id="project-hide" type="button" title="Hide the project (Ctrl+Shift+O)" aria-label="Hide the project" onClick={() => props.close()}>×</button>
      </div>
      <Show when={props.problem}>
        <p id="project-problem" class="notice" role="alert">{props.problem}</p>
      </Show>
      <Show
        when={props.project}
        fallback={
          <div class="project-empty">
            <p class="muted">Open a folder of .graphql documents. Its graphql-config file (.graphqlrc.yml), when it has one, names the documents, the schema and the endpoints, as VS Code and JetBrains read it.</p>
            <OpenFolder />
          </div>
        }
      >
        {(project) => (
          <>
            <Show when={project().configProblem}>
              <p class="notice" role="status">{project().configProblem}</p>
            </Show>
            <p id="project-config" class="muted">
              {project().configFile ? `${project().configFile}` : "No graphql-config file: every .graphql and .gql file."}
              {project().endpoints.length > 0 ? ` · ${project().endpoints[0].name}: ${project().endpoints[0].url}` : ""}
            </p>
            <div class="project-filter">
              <label class="visually-hidden" for="project-filter">Filter the documents</label>
              <input
                id="project-filter"
                type="search"
                placeholder={`Filter ${project().documents.length}${project().more ? "+" : ""} documents…`}
                spellcheck={false}
                autocomplete="off"
                value={filter()}
                onInput={(event) => {
                  setFilter(event.currentTarget.value);
                  setSelected(0);
                }}
                onKeyDown={(event) => resultKeys(event, shown(), selected(), setSelected, props.openDocument)}
              />
            </div>
            <div class="project-body" ref={body}>
              <Show when={shown().length > 0} fallback={<p class="muted">{filter() ? "No document matches." : "No documents yet: New makes one."}</p>}>
                <VirtualList id="project-documents" items={shown()} scroller={() => body} estimate={24} scrollTo={selected()}>
                  {(path, index) => (
                    <li
                      class="project-document"
                      classList={{ active: path === props.active, selected: index === selected() && filter() !== "", unsaved: props.unsaved.has(path) }}
                      data-path={path}
                    >
                      <Show
                        when={renaming() === path}
                        fallback={
                          <>
                            <button type="button" class="project-open-document" title={`${path} (double-click the name to rename)`} onClick={() => props.openDocument(path)} onDblClick={() => setRenaming(path)}>
                              <span class="project-document-name">{path.split("/").at(-1)}</span>
                              <Show when={path.includes("/")}>
                                <span class="project-document-dir muted">{path.slice(0, path.lastIndexOf("/"))}</span>
                              </Show>
                            </button>
                            <button type="button" class="project-rename link" title="Rename" aria-label={`Rename ${path}`} onClick={() => setRenaming(path)}>✎</button>
                          </>
                        }
                      >
                        <input
                          class="project-rename-input"
                          type="text"
                          value={path}
                          spellcheck={false}
                          ref={(input) => queueMicrotask(() => {
                            input.focus();
                            input.setSelectionRange(path.lastIndexOf("/") + 1, path.replace(/\.(graphql|gql)$/, "").length);
                          })}
                          onKeyDown={(event) => {
                            if (event.key === "Enter") {
                              event.preventDefault();
                              const to = documentPath(event.currentTarget.value);
                              setRenaming(null);
                              if (to && to !== path) props.rename(path, to);
                            } else if (event.key === "Escape") {
                              event.preventDefault();
                              setRenaming(null);
                            }
                          }}
                          onBlur={() => setRenaming(null)}
                        />
                      </Show>
                    </li>
                  )}
                </VirtualList>
              </Show>
              <Show when={project().more}>
                <p class="muted">The folder holds more documents than are listed: open a folder closer to them.</p>
              </Show>
            </div>
            <details class="project-other">
              <summary>Open another folder</summary>
              <OpenFolder />
            </details>
          </>
        )}
      </Show>
    </aside>
  );
}
