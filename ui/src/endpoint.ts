// The endpoint bar's left half: which endpoint (the built-in Demo API or a URL, with the URLs
// used before), and which token profile goes with it. The profile dialog takes a token into a
// masked field and hands it to the Rust side, which stores it in the OS keychain; the page never
// reads a token back (no command answers one). Origins are the Rust side's: the page never derives
// one, it shows and compares the strings `endpoint_profiles` answers.

import * as ipc from "./ipc";
import type { ProfileShown } from "./ipc";
import type { TabEndpoint } from "./generated/TabEndpoint";
import { sameEndpoint } from "./tabs";
import * as persist from "./persist";
import { element } from "./dom";


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

const historyLimit = 12;

export class EndpointBar {
  private readonly kind = element<HTMLSelectElement>("endpoint-kind");
  private readonly url = element<HTMLInputElement>("endpoint-url");
  private readonly picker = element<HTMLSelectElement>("token-profile");
  private readonly tokenState = element("token-state");
  private demoUrl: string | null = null;
  private customUrl = persist.load("endpoint", "");
  private history: string[] = JSON.parse(persist.load("endpointHistory", "[]")) as string[];
  private profiles: ProfileShown[] = [];
  /** The current endpoint's origin, as the Rust side spells it; null while unknown or invalid. */
  private currentOrigin: string | null = null;
  private tokenWarning: string | null = null;
  /** The endpoint the bar last applied. */
  private applied: string | null = null;
  /** Resolves when the profiles of the endpoint applied last are listed. */
  private listed: Promise<void> = Promise.resolve();
  /** The profile a tab brought (see `choose`), chosen once its endpoint's profiles are listed. */
  private wantedProfile: string | null = null;
  /** Told when a profile saved from a typed header has taken over that header. */
  onHeaderMoved: (headerName: string) => void = () => {};

  /** `onChange` runs when the endpoint or the profile changes. */
  constructor(private readonly onChange: () => Promise<void>) {
    this.kind.value = persist.load("endpointKind", "demo") === "url" ? "url" : "demo";
    this.kind.addEventListener("change", () => {
      persist.save("endpointKind", this.kind.value);
      void this.apply();
    });
    this.url.addEventListener("change", () => void this.commitUrl());
    this.url.addEventListener("keydown", (event) => {
      if (event.key === "Enter" && !event.ctrlKey && !event.metaKey) void this.commitUrl();
    });
    this.picker.addEventListener("change", () => {
      persist.save(this.profileKey(), this.picker.value);
      void this.showTokenState();
      void this.onChange();
    });
    element("remove-profile").addEventListener("click", () => void this.removeProfile());
    this.setUpDialog();
    this.showHistory();
  }

  /**
   * Applies a URL typed in the field (once: Enter and `change` both come here, and the same URL
   * twice would fetch its schema twice); resolves when its profiles are listed, so that a Run
   * right after goes there with the right profile (without waiting for its schema).
   */
  commitUrl(): Promise<void> {
    if (this.kind.value !== "url" || this.url.value.trim() === this.applied) return this.listed;
    this.customUrl = this.url.value.trim();
    persist.save("endpoint", this.customUrl);
    this.remember(this.customUrl);
    void this.apply();
    return this.listed;
  }

  /** The endpoint as a tab keeps it. */
  choice(): TabEndpoint {
    return this.kind.value === "demo" ? { kind: "demo" } : { kind: "url", url: this.customUrl };
  }

  /** Whether `endpoint` and `profile` are what the bar shows now. */
  shows(endpoint: TabEndpoint, profile: string | null): boolean {
    return sameEndpoint(this.choice(), endpoint) && (this.picker.value || null) === profile;
  }

  /** Shows a tab's endpoint and profile, and applies them. */
  choose(endpoint: TabEndpoint, profile: string | null): Promise<void> {
    this.kind.value = endpoint.kind;
    if (endpoint.kind === "url") this.customUrl = endpoint.url;
    this.wantedProfile = profile ?? "";
    return this.apply();
  }

  /** What requests go to now; `null` until the endpoint is known (the demo is starting). */
  target(): Target | null {
    const endpoint = this.kind.value === "demo" ? this.demoUrl : this.url.value.trim();
    if (!endpoint) return null;
    return { endpoint, profile: this.picker.value || null };
  }

  /** The demo endpoint's URL once it runs. */
  demo(): string | null {
    return this.demoUrl;
  }

  /** The current endpoint's origin as the Rust side spells it, once known. */
  origin(): string | null {
    return this.currentOrigin;
  }

  /** Starts the demo endpoint if it is chosen, lists profiles, then tells `onChange`. */
  async apply(): Promise<void> {
    if (this.kind.value === "demo") {
      this.url.readOnly = true;
      this.url.value = this.demoUrl ?? "Starting the demo endpoint…";
      try {
        this.demoUrl ??= await ipc.demoEndpoint();
        if (this.kind.value === "demo") this.url.value = this.demoUrl;
      } catch (error) {
        this.url.value = "";
        this.tokenState.textContent = ipc.asCommandError(error).message;
      }
    } else {
      this.url.readOnly = false;
      this.url.value = this.customUrl;
    }
    this.applied = this.target()?.endpoint ?? null;
    this.listed = this.loadProfiles();
    await this.listed;
    await this.onChange();
  }

  private profileKey(): string {
    return `profile:${this.currentOrigin ?? ""}`;
  }

  /** The profiles bound to the current endpoint's origin: a token goes nowhere else. */
  private async loadProfiles(select?: string): Promise<void> {
    const endpoint = this.target()?.endpoint;
    this.currentOrigin = null;
    this.tokenWarning = null;
    this.profiles = [];
    if (endpoint) {
      try {
        const answer = await ipc.endpointProfiles({ endpoint });
        this.currentOrigin = answer.origin;
        this.tokenWarning = answer.tokenWarning;
        this.profiles = answer.profiles;
      } catch (error) {
        this.tokenState.textContent = ipc.asCommandError(error).message;
      }
    }
    const here = this.profiles;
    const none = document.createElement("option");
    none.value = "";
    none.textContent = "No token";
    this.picker.replaceChildren(
      none,
      ...here.map((profile) => {
        const option = document.createElement("option");
        option.value = profile.name;
        option.textContent = `${profile.name} (${profile.headerName})`;
      if (profile.warning) option.title = profile.warning;
        return option;
      }),
    );
    const wanted = select ?? this.wantedProfile ?? persist.load(this.profileKey(), "");
    this.wantedProfile = null;
    this.picker.value = here.some((profile) => profile.name === wanted) ? wanted : "";
    await this.showTokenState();
  }

  private async showTokenState(): Promise<void> {
    const name = this.picker.value;
    element("remove-profile").hidden = !name;
    if (!name) {
      this.tokenState.textContent = "";
      return;
    }
    try {
      const stored = await ipc.tokenStored({ name });
      if (this.picker.value !== name) return;
      this.tokenState.textContent = stored ? "Token in keychain" : "No token stored: Token… to set one";
      this.tokenState.dataset.ok = String(stored);
    } catch (error) {
      this.tokenState.textContent = ipc.asCommandError(error).message;
      this.tokenState.dataset.ok = "false";
    }
  }

  private async removeProfile(): Promise<void> {
    const name = this.picker.value;
    if (!name || !window.confirm(`Remove the profile "${name}" and delete its token from the keychain?`)) return;
    try {
      await ipc.removeProfile({ name });
    } catch (error) {
      this.tokenState.textContent = ipc.asCommandError(error).message;
    }
    await this.loadProfiles();
    await this.onChange();
  }

  private remember(url: string): void {
    if (!/^https?:\/\//i.test(url)) return;
    this.history = [url, ...this.history.filter((seen) => seen !== url)].slice(0, historyLimit);
    persist.save("endpointHistory", JSON.stringify(this.history));
    this.showHistory();
  }

  private showHistory(): void {
    element("endpoint-history").replaceChildren(
      ...this.history.map((url) => {
        const option = document.createElement("option");
        option.value = url;
        return option;
      }),
    );
  }

  /** Opens the profile dialog; with an offer, for a header typed in the Headers editor. */
  openDialog: (offer?: ProfileOffer) => void = () => {};
  private pendingOffer: ProfileOffer | null = null;

  private setUpDialog(): void {
    const dialog = element<HTMLDialogElement>("profile-dialog");
    const name = element<HTMLInputElement>("profile-name");
    const scheme = element<HTMLSelectElement>("profile-scheme");
    const headerLabel = element("profile-header-label");
    const headerName = element<HTMLInputElement>("profile-header-name");
    const token = element<HTMLInputElement>("profile-token");
    const problem = element("profile-error");
    const showProblem = (message: string | null) => {
      problem.textContent = message ?? "";
      problem.hidden = message === null;
    };
    // The masked field is emptied whenever the dialog closes, however it closes.
    dialog.addEventListener("close", () => {
      token.value = "";
      this.pendingOffer = null;
    });
    scheme.addEventListener("change", () => { headerLabel.hidden = scheme.value !== "header"; });

    const warning = element("profile-warning");
    this.openDialog = (offer) => {
      const target = this.target();
      const origin = this.currentOrigin;
      if (!target || !origin) {
        this.tokenState.textContent = "Enter the endpoint's URL first: a token is bound to its origin.";
        return;
      }
      // A new token for the chosen profile, unless a typed header is becoming a profile.
      const existing = offer ? undefined : this.profiles.find((profile) => profile.name === target.profile);
      const fromHeader = offer ? profileFromHeader(offer) : null;
      this.pendingOffer = offer ?? null;
      element("profile-origin").textContent = origin;
      warning.textContent = this.tokenWarning ?? "";
      warning.hidden = !this.tokenWarning;
      name.value = existing?.name ?? "";
      name.readOnly = existing !== undefined;
      scheme.value = existing?.auth ?? fromHeader?.scheme ?? "bearer";
      scheme.disabled = existing !== undefined;
      headerName.value = existing?.auth === "header" ? existing.headerName : fromHeader?.headerName ?? "";
      headerName.readOnly = existing !== undefined;
      headerLabel.hidden = scheme.value !== "header";
      token.value = fromHeader?.token ?? "";
      showProblem(null);
      dialog.showModal();
      (existing ? token : name).focus();
    };
    element("add-profile").addEventListener("click", () => this.openDialog());
    element("profile-cancel").addEventListener("click", () => dialog.close());
    element<HTMLFormElement>("profile-form").addEventListener("submit", async (event) => {
      event.preventDefault();
      const target = this.target();
      if (!target) return;
      const offer = this.pendingOffer;
      const save = element<HTMLButtonElement>("profile-save");
      save.disabled = true;
      try {
        const saved = await ipc.saveProfile({
          name: name.value.trim(),
          endpoint: target.endpoint,
          auth: scheme.value === "header" ? "header" : "bearer",
          headerName: scheme.value === "header" ? headerName.value.trim() : null,
          token: token.value,
        });
        token.value = "";
        dialog.close();
        persist.save(this.profileKey(), saved.name);
        if (offer) this.onHeaderMoved(offer.headerName);
        await this.loadProfiles(saved.name);
        await this.onChange();
      } catch (error) {
        showProblem(ipc.asCommandError(error).message);
        // A profile saved without its token is listed now: the dialog stays open to retry.
        await this.loadProfiles(name.value.trim());
      } finally {
        save.disabled = false;
      }
    });
  }
}
