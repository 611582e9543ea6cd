// The webview's link to the extension host: acquireVsCodeApi() (callable once), typed with
// the shared protocol, and the panel's UI state kept across hide/show via getState/setState.
import type { WebviewToHost } from '../src/protocol';
import type { KindFilter } from './filtered-view';
import { TAB_IDS, type TabId } from './tabs';

interface VsCodeApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

/** What the panel remembers while hidden: the user's filters, tab, pause and selection. */
export interface UiState {
  tab: TabId;
  text: string;
  kind: KindFilter;
  hiddenTypes: string[];
  paused: boolean;
  detailOpen: boolean;
  /** seq of the selected record (positions do not survive a reload, seqs do). */
  selectedSeq?: number;
}

export const DEFAULT_UI_STATE: UiState = { tab: 'timeline', text: '', kind: 'all', hiddenTypes: [], paused: false, detailOpen: false };

export class HostLink {
  private readonly api: VsCodeApi;

  constructor() {
    this.api = acquireVsCodeApi();
  }

  post(message: WebviewToHost): void {
    this.api.postMessage(message);
  }

  /** The saved UI state, validated field by field (it may come from an older panel version). */
  loadState(): UiState {
    const raw = this.api.getState();
    const s = typeof raw === 'object' && raw !== null ? (raw as Partial<Record<keyof UiState, unknown>>) : {};
    const state: UiState = {
      tab: (TAB_IDS as readonly unknown[]).includes(s.tab) ? (s.tab as TabId) : DEFAULT_UI_STATE.tab,
      text: typeof s.text === 'string' ? s.text : '',
      kind: s.kind === 'events' ? 'events' : 'all',
      hiddenTypes: Array.isArray(s.hiddenTypes) ? s.hiddenTypes.filter((t): t is string => typeof t === 'string') : [],
      paused: s.paused === true,
      detailOpen: s.detailOpen === true,
    };
    if (typeof s.selectedSeq === 'number') state.selectedSeq = s.selectedSeq;
    return state;
  }

  saveState(state: UiState): void {
    this.api.setState(state);
  }
}
