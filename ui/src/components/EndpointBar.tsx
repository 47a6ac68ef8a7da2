// The endpoint bar's left half and the token-profile dialog, drawn from the bar's state
// (endpoint.ts). The dialog's token field is write-only: its value is read once, when Save is
// pressed, and emptied whenever the dialog closes, however it closes.

import { createEffect, For, on } from "solid-js";

import type { EndpointBar as Bar } from "../endpoint";

export function EndpointFields(props: { bar: Bar; suggestProfile: boolean }) {
  const bar = props.bar;
  return (
    <>
      <label class="visually-hidden" for="endpoint-kind">Endpoint</label>
      <select
        id="endpoint-kind"
        title="The built-in Demo API runs on this computer: no account, no network"
        value={bar.kind()}
        onChange={(event) => bar.chooseKind(event.currentTarget.value)}
      >
        <option value="demo">Demo API</option>
        <option value="url">URL</option>
      </select>
      <label class="visually-hidden" for="endpoint-url">Endpoint URL</label>
      <input
        id="endpoint-url"
        type="url"
        list="endpoint-history"
        placeholder="https://backboard.railway.com/graphql/v2"
        spellcheck={false}
        autocomplete="off"
        readOnly={bar.kind() === "demo"}
        value={bar.url()}
        onInput={(event) => bar.typeUrl(event.currentTarget.value)}
        onChange={() => void bar.commitUrl()}
        onKeyDown={(event) => { if (event.key === "Enter" && !event.ctrlKey && !event.metaKey) void bar.commitUrl(); }}
      />
      <datalist id="endpoint-history">
        <For each={bar.history()}>{(url) => <option value={url} />}</For>
      </datalist>
      <label class="visually-hidden" for="token-profile">Token profile</label>
      <select id="token-profile" title="Whose token goes with the request" value={bar.profile()} onChange={(event) => bar.chooseProfile(event.currentTarget.value)}>
        <option value="">No token</option>
        <For each={bar.profiles()}>
          {(profile) => <option value={profile.name} title={profile.warning ?? ""}>{`${profile.name} (${profile.headerName})`}</option>}
        </For>
      </select>
      {/* Suggested when the server refused the request for want of a credential. */}
      <button
        id="add-profile"
        type="button"
        classList={{ suggested: props.suggestProfile }}
        title="Add a token profile for this endpoint's origin, or store a new token"
        onClick={() => bar.openDialog()}
      >Token…</button>
      <button id="remove-profile" type="button" hidden={!bar.profile()} title="Remove this profile and delete its token from the keychain" onClick={() => void bar.removeProfile()}>Remove</button>
      <span id="token-state" class="muted" data-ok={bar.tokenState().ok === null ? undefined : String(bar.tokenState().ok)}>{bar.tokenState().text}</span>
    </>
  );
}

export function ProfileDialog(props: { bar: Bar }) {
  const bar = props.bar;
  let dialog!: HTMLDialogElement;
  let name!: HTMLInputElement;
  let scheme!: HTMLSelectElement;
  let headerName!: HTMLInputElement;
  let token!: HTMLInputElement;
  const state = () => bar.dialog();
  const isOpen = () => state() !== null;

  // Opened: the fields start from the state (a profile's, or a typed header's), then are the
  // person's; closed: the token field is emptied.
  createEffect(on(isOpen, (open) => {
    const shown = state();
    if (open && shown) {
      name.value = shown.name;
      scheme.value = shown.scheme;
      headerName.value = shown.headerName;
      token.value = shown.offeredToken;
      if (!dialog.open) dialog.showModal();
      (shown.existing ? token : name).focus();
    } else {
      token.value = "";
      if (dialog.open) dialog.close();
    }
  }, { defer: true }));

  return (
    <dialog id="profile-dialog" aria-labelledby="profile-dialog-title" ref={dialog} onClose={() => bar.closeDialog()}>
      <form
        id="profile-form"
        method="dialog"
        onSubmit={(event) => {
          event.preventDefault();
          const typed = token.value;
          void bar.saveProfile({ name: name.value, scheme: scheme.value === "header" ? "header" : "bearer", headerName: headerName.value, token: typed });
        }}
      >
        <h2 id="profile-dialog-title">Token profile</h2>
        <p class="muted">The token is stored in the OS keychain and sent only to <strong id="profile-origin">{state()?.origin ?? ""}</strong>. Sextant never shows it again.</p>
        <label>Name <input id="profile-name" required spellcheck={false} autocomplete="off" ref={name} readOnly={state()?.existing ?? false} /></label>
        <label>Sent as
          <select
            id="profile-scheme"
            ref={scheme}
            disabled={state()?.existing ?? false}
            onChange={(event) => bar.dialogScheme(event.currentTarget.value === "header" ? "header" : "bearer")}
          >
            <option value="bearer">Authorization: Bearer …</option>
            <option value="header">A named header</option>
          </select>
        </label>
        <label id="profile-header-label" hidden={state()?.scheme !== "header"}>
          Header name <input id="profile-header-name" placeholder="Project-Access-Token" spellcheck={false} autocomplete="off" ref={headerName} readOnly={state()?.existing ?? false} />
        </label>
        <label>Token <input id="profile-token" type="password" autocomplete="off" spellcheck={false} ref={token} /></label>
        <p id="profile-warning" class="warning" hidden={!state()?.warning}>{state()?.warning ?? ""}</p>
        <p id="profile-error" role="alert" hidden={!state()?.problem}>{state()?.problem ?? ""}</p>
        <div class="dialog-buttons">
          <button id="profile-cancel" type="button" onClick={() => bar.closeDialog()}>Cancel</button>
          <button id="profile-save" type="submit" class="primary" disabled={state()?.saving ?? false}>Save</button>
        </div>
      </form>
    </dialog>
  );
}
