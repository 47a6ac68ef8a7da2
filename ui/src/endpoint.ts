// The endpoint bar's state and steps: which endpoint (the built-in Demo API or a URL, with the URLs
// used before), which token profile goes with it, and the profile dialog's steps. The dialog
// takes a token into a masked field (components/EndpointBar.tsx) and hands it to the Rust side,
// which stores it in the OS keychain; the token is in no signal, and the page never reads one back
// (no command answers one). Origins are the Rust side's: the page never derives one, it shows and
// compares the strings `endpoint_profiles` answers.

import { createSignal } from "solid-js";

import * as ipc from "./ipc";
import type { ProfileShown } from "./ipc";
import type { TabEndpoint } from "./generated/TabEndpoint";
import { sameEndpoint } from "./tabs";
import * as persist from "./persist";

export interface Target {
  endpoint: string;
  profile: string | null;
}

/** What the profile dialog starts with when it opens for a header typed in the Headers editor. */
export interface ProfileOffer {
  headerName: string;
  /** The header's value: the token, with `Bearer ` in front for Authorization. */
  value: string;
}

/** How a typed credential header becomes a profile: Bearer for `Authorization: Bearer …`, the named header otherwise. */
export function profileFromHeader(offer: ProfileOffer): { scheme: "bearer" | "header"; headerName: string; token: string } {
  const bearer = /^bearer\s+/i;
  if (offer.headerName.toLowerCase() === "authorization" && bearer.test(offer.value)) {
    return { scheme: "bearer", headerName: "", token: offer.value.replace(bearer, "") };
  }
  return { scheme: "header", headerName: offer.headerName, token: offer.value };
}

/** The profile dialog while it is open: what it starts with and which fields are fixed. */
export interface ProfileDialogState {
  origin: string;
  warning: string | null;
  name: string;
  /** A new token for an existing profile: its name, scheme and header stay. */
  existing: boolean;
  scheme: "bearer" | "header";
  headerName: string;
  /** A typed header's token, put in the masked field when the dialog opens (never kept here after). */
  offeredToken: string;
  /** The header the profile takes over from the Headers editor, once saved. */
  offer: ProfileOffer | null;
  problem: string | null;
  saving: boolean;
}

/** What the person fills in the dialog: the token is read from its field at the moment of saving. */
export interface ProfileForm {
  name: string;
  scheme: "bearer" | "header";
  headerName: string;
  token: string;
}

const historyLimit = 12;

export type EndpointBar = ReturnType<typeof createEndpointBar>;

/**
 * The bar's state. `onChange` runs when the endpoint or the profile changes; `onHeaderMoved` when
 * a profile saved from a typed header has taken over that header.
 */
export function createEndpointBar(onChange: () => Promise<void>, onHeaderMoved: (headerName: string) => void) {
  const [kind, setKind] = createSignal<"demo" | "url">(persist.load("endpointKind", "demo") === "url" ? "url" : "demo");
  /** What the URL field shows: the typed URL, or the demo endpoint's. */
  const [url, setUrl] = createSignal("");
  const [demoUrl, setDemoUrl] = createSignal<string | null>(null);
  const [history, setHistory] = createSignal<string[]>(JSON.parse(persist.load("endpointHistory", "[]")) as string[]);
  const [profiles, setProfiles] = createSignal<ProfileShown[]>([]);
  const [profile, setProfile] = createSignal("");
  /** The current endpoint's origin, as the Rust side spells it; null while unknown or invalid. */
  const [origin, setOrigin] = createSignal<string | null>(null);
  const [tokenWarning, setTokenWarning] = createSignal<string | null>(null);
  const [tokenState, setTokenState] = createSignal<{ text: string; ok: boolean | null }>({ text: "", ok: null });
  const [dialog, setDialog] = createSignal<ProfileDialogState | null>(null);
  let customUrl = persist.load("endpoint", "");
  /** The endpoint the bar last applied. */
  let applied: string | null = null;
  /** Resolves when the profiles of the endpoint applied last are listed. */
  let listed: Promise<void> = Promise.resolve();
  /** The profile a tab brought (see `choose`), chosen once its endpoint's profiles are listed. */
  let wantedProfile: string | null = null;

  const say = (text: string, ok: boolean | null = null) => setTokenState({ text, ok });

  /** What requests go to now; `null` until the endpoint is known (the demo is starting). */
  function target(): Target | null {
    const endpoint = kind() === "demo" ? demoUrl() : url().trim();
    if (!endpoint) return null;
    return { endpoint, profile: profile() || null };
  }

  const profileKey = () => `profile:${origin() ?? ""}`;

  /** Starts the demo endpoint if it is chosen, lists profiles, then tells `onChange`. */
  async function apply(): Promise<void> {
    if (kind() === "demo") {
      setUrl(demoUrl() ?? "Starting the demo endpoint…");
      try {
        if (demoUrl() === null) setDemoUrl(await ipc.demoEndpoint());
        if (kind() === "demo") setUrl(demoUrl()!);
      } catch (error) {
        setUrl("");
        say(ipc.asCommandError(error).message);
      }
    } else {
      setUrl(customUrl);
    }
    applied = target()?.endpoint ?? null;
    listed = loadProfiles();
    await listed;
    await onChange();
  }

  /** The profiles bound to the current endpoint's origin: a token goes nowhere else. */
  async function loadProfiles(select?: string): Promise<void> {
    const endpoint = target()?.endpoint;
    setOrigin(null);
    setTokenWarning(null);
    let here: ProfileShown[] = [];
    if (endpoint) {
      try {
        const answer = await ipc.endpointProfiles({ endpoint });
        setOrigin(answer.origin);
        setTokenWarning(answer.tokenWarning);
        here = answer.profiles;
      } catch (error) {
        say(ipc.asCommandError(error).message);
      }
    }
    setProfiles(here);
    const wanted = select ?? wantedProfile ?? persist.load(profileKey(), "");
    wantedProfile = null;
    setProfile(here.some((shown) => shown.name === wanted) ? wanted : "");
    await showTokenState();
  }

  async function showTokenState(): Promise<void> {
    const name = profile();
    if (!name) {
      say("");
      return;
    }
    try {
      const stored = await ipc.tokenStored({ name });
      if (profile() !== name) return;
      say(stored ? "Token in keychain" : "No token stored: Token… to set one", stored);
    } catch (error) {
      say(ipc.asCommandError(error).message, false);
    }
  }

  function remember(typed: string): void {
    if (!/^https?:\/\//i.test(typed)) return;
    setHistory((seen) => [typed, ...seen.filter((other) => other !== typed)].slice(0, historyLimit));
    persist.save("endpointHistory", JSON.stringify(history()));
  }

  return {
    kind, url, demoUrl, history, profiles, profile, origin, tokenState, dialog, target,

    /** The endpoint as a tab keeps it. */
    choice(): TabEndpoint {
      return kind() === "demo" ? { kind: "demo" } : { kind: "url", url: customUrl };
    },

    /** Whether `endpoint` and `profile` are what the bar shows now. */
    shows(endpoint: TabEndpoint, chosen: string | null): boolean {
      return sameEndpoint(this.choice(), endpoint) && (profile() || null) === chosen;
    },

    /** Shows a tab's endpoint and profile, and applies them. */
    choose(endpoint: TabEndpoint, chosen: string | null): Promise<void> {
      setKind(endpoint.kind);
      if (endpoint.kind === "url") customUrl = endpoint.url;
      wantedProfile = chosen ?? "";
      return apply();
    },

    chooseKind(chosen: string): void {
      setKind(chosen === "url" ? "url" : "demo");
      persist.save("endpointKind", kind());
      void apply();
    },

    /** The URL field as typed (applied by `commitUrl`). */
    typeUrl: setUrl,

    /**
     * Applies a URL typed in the field (once: Enter and `change` both come here, and the same URL
     * twice would fetch its schema twice); resolves when its profiles are listed, so that a Run
     * right after goes there with the right profile (without waiting for its schema).
     */
    commitUrl(): Promise<void> {
      if (kind() !== "url" || url().trim() === applied) return listed;
      customUrl = url().trim();
      persist.save("endpoint", customUrl);
      remember(customUrl);
      void apply();
      return listed;
    },

    chooseProfile(name: string): void {
      setProfile(name);
      persist.save(profileKey(), name);
      void showTokenState();
      void onChange();
    },

    async removeProfile(): Promise<void> {
      const name = profile();
      if (!name || !window.confirm(`Remove the profile "${name}" and delete its token from the keychain?`)) return;
      try {
        await ipc.removeProfile({ name });
      } catch (error) {
        say(ipc.asCommandError(error).message);
      }
      await loadProfiles();
      await onChange();
    },

    /** Opens the profile dialog; with an offer, for a header typed in the Headers editor. */
    openDialog(offer?: ProfileOffer): void {
      const to = target();
      const at = origin();
      if (!to || !at) {
        say("Enter the endpoint's URL first: a token is bound to its origin.");
        return;
      }
      // A new token for the chosen profile, unless a typed header is becoming a profile.
      const existing = offer ? undefined : profiles().find((shown) => shown.name === to.profile);
      const fromHeader = offer ? profileFromHeader(offer) : null;
      setDialog({
        origin: at,
        warning: tokenWarning(),
        name: existing?.name ?? "",
        existing: existing !== undefined,
        scheme: existing?.auth ?? fromHeader?.scheme ?? "bearer",
        headerName: existing?.auth === "header" ? existing.headerName : fromHeader?.headerName ?? "",
        offeredToken: fromHeader?.token ?? "",
        offer: offer ?? null,
        problem: null,
        saving: false,
      });
    },

    closeDialog(): void {
      setDialog(null);
    },

    /** The dialog's "Sent as" changed: a named header asks for its name. */
    dialogScheme(scheme: "bearer" | "header"): void {
      const open = dialog();
      if (open) setDialog({ ...open, scheme });
    },

    /** Saves the profile and its token; the dialog stays open with the problem when that fails. */
    async saveProfile(form: ProfileForm): Promise<void> {
      const to = target();
      const open = dialog();
      if (!to || !open) return;
      setDialog({ ...open, saving: true });
      try {
        const saved = await ipc.saveProfile({
          name: form.name.trim(),
          endpoint: to.endpoint,
          auth: form.scheme,
          headerName: form.scheme === "header" ? form.headerName.trim() : null,
          token: form.token,
        });
        setDialog(null);
        persist.save(profileKey(), saved.name);
        if (open.offer) onHeaderMoved(open.offer.headerName);
        await loadProfiles(saved.name);
        await onChange();
      } catch (error) {
        const still = dialog();
        if (still) setDialog({ ...still, offeredToken: "", problem: ipc.asCommandError(error).message, saving: false });
        // A profile saved without its token is listed now: the dialog stays open to retry.
        await loadProfiles(form.name.trim());
      }
    },
  };
}
