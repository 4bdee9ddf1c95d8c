/** The panel: toolbar, kind bar, list and detail (split or full), status bar, drop target. */
import { useCallback, useEffect, useLayoutEffect, useMemo, useReducer, useRef, useState } from 'preact/hooks'
import type { Lang, Translator } from '../core/i18n'
import { findingProbeKey } from '../core/keys'
import { originOf } from '../core/url'
import type { DevtoolsToPanel, PanelToDevtools } from '../shared/messages'
import type { Link } from './connection'
import { type Env, EnvContext } from './context'
import { Detail } from './detail/detail'
import { type AskFindings, useFullFindings } from './full-findings'
import { loadTranslator, rememberLang } from './i18n'
import { dragHasFiles, droppedFile, type ImportJob, importFile } from './import'
import { KindBar } from './list/kind-bar'
import { FindingList } from './list/list'
import { Toolbar } from './list/toolbar'
import { primaryOf } from './rows'
import { currentSet, initialState, type PanelMode, reduce, selectedRow } from './store'
import { count, hostOf, safeHref } from './text'
import { Boundary } from './ui/boundary'
import { IconClose } from './ui/icons'
import { Splitter } from './ui/splitter'

export const NARROW_PX = 560

export interface AppProps {
  mode: PanelMode
  translator: Translator
  tabId: number | null
  /** Opens the link to the devtools page; absent in standalone mode. */
  connect?: (onBatch: (messages: DevtoolsToPanel[]) => void) => Link
}

export function App({ mode, translator, tabId, connect }: AppProps) {
  const [state, dispatch] = useReducer(reduce, mode, initialState)
  const [tr, setTr] = useState(translator)
  const [narrow, setNarrow] = useState(false)
  const [dragging, setDragging] = useState(false)
  const [split, setSplit] = useState(42)
  const link = useRef<Link | null>(null)
  const root = useRef<HTMLDivElement>(null)
  const listRef = useRef<HTMLDivElement | null>(null)
  const filterRef = useRef<HTMLInputElement | null>(null)
  const headingRef = useRef<HTMLHeadingElement | null>(null)
  const fileRef = useRef<HTMLInputElement>(null)
  const detailShown = useRef(false)
  /** The import under way, for its Cancel button. */
  const job = useRef<ImportJob | null>(null)

  useEffect(() => {
    if (!connect) return
    const l = connect((messages) => dispatch({ type: 'messages', messages }))
    link.current = l
    return () => {
      l.close()
      link.current = null
    }
  }, [connect])

  useLayoutEffect(() => {
    const el = root.current
    if (!el || typeof ResizeObserver !== 'function') return
    const ro = new ResizeObserver(() => setNarrow(el.clientWidth <= NARROW_PX))
    ro.observe(el)
    setNarrow(el.clientWidth <= NARROW_PX)
    return () => ro.disconnect()
  }, [])

  useEffect(() => {
    document.documentElement.lang = tr.lang
  }, [tr])

  const send = useCallback((m: PanelToDevtools) => link.current?.send(m), [])
  const findings = useCallback<AskFindings>(
    (ids) => link.current?.findings(ids) ?? Promise.reject(new Error('no devtools page')),
    [],
  )
  const pickFile = useCallback(() => fileRef.current?.click(), [])
  const env: Env = useMemo(
    () => ({ tr, lang: tr.lang, t: tr.msg, dispatch, send, findings, mode, tabId, narrow, pickFile }),
    [tr, send, findings, mode, tabId, narrow, pickFile],
  )

  const onLang = useCallback((lang: Lang) => {
    void rememberLang(lang)
    void loadTranslator(lang).then(setTr)
  }, [])

  const row = selectedRow(state)
  const finding = row ? primaryOf(row) : null
  const imported = state.source === 'imported' ? (state.imported?.full ?? null) : null
  const whole = useFullFindings(state.detail ? row : null, imported, findings)
  // The detail opens once the row's whole findings are here (at once for an import, a message
  // away for the live capture).
  const showDetail = state.detail && row !== null && whole !== null

  // Narrow: the detail replaces the list (which had focus), so focus moves to its heading when
  // it appears; closing puts it back on the list. Wide: focus stays where the user is.
  useLayoutEffect(() => {
    if (showDetail && !detailShown.current && narrow) headingRef.current?.focus()
    detailShown.current = showDetail
  }, [showDetail, narrow])

  const closeDetail = useCallback(() => {
    dispatch({ type: 'close' })
    requestAnimationFrame(() => listRef.current?.focus())
  }, [])

  useEffect(() => {
    const onKey = (e: KeyboardEvent): void => {
      // Ctrl/Cmd+F: the filter, as in DevTools' own panels.
      if ((e.ctrlKey || e.metaKey) && !e.altKey && e.key.toLowerCase() === 'f') {
        e.preventDefault()
        filterRef.current?.focus()
        filterRef.current?.select()
        return
      }
      if (e.key !== 'Escape' || e.defaultPrevented) return
      if (state.detail) {
        e.preventDefault()
        closeDetail()
      } else if (state.filter !== '' || state.kind !== null) {
        e.preventDefault()
        dispatch({ type: 'filter', text: '' })
        if (state.kind !== null) dispatch({ type: 'kind', kind: null })
      } else if (state.importError) dispatch({ type: 'dismiss-error' })
    }
    document.addEventListener('keydown', onKey)
    return () => document.removeEventListener('keydown', onKey)
  }, [state.detail, state.filter, state.kind, state.importError, closeDetail])

  const startImport = useCallback((file: File): void => {
    job.current?.cancel()
    const started = importFile(file, dispatch)
    job.current = started
    void started.done.then(() => {
      if (job.current === started) job.current = null
    })
  }, [])

  const onFiles = (file: File | null): void => {
    if (file) startImport(file)
  }

  // Drop a HAR anywhere on the panel. Document-level, so nothing in the page can swallow it.
  useEffect(() => {
    let depth = 0
    const enter = (e: DragEvent): void => {
      if (!dragHasFiles(e)) return
      e.preventDefault()
      depth++
      setDragging(true)
    }
    const over = (e: DragEvent): void => {
      if (!dragHasFiles(e)) return
      e.preventDefault()
      if (e.dataTransfer) e.dataTransfer.dropEffect = 'copy'
    }
    const leave = (): void => {
      depth = Math.max(0, depth - 1)
      if (depth === 0) setDragging(false)
    }
    const drop = (e: DragEvent): void => {
      if (!dragHasFiles(e)) return
      e.preventDefault()
      depth = 0
      setDragging(false)
      const file = droppedFile(e)
      if (file) startImport(file)
    }
    document.addEventListener('dragenter', enter)
    document.addEventListener('dragover', over)
    document.addEventListener('dragleave', leave)
    document.addEventListener('drop', drop)
    return () => {
      document.removeEventListener('dragenter', enter)
      document.removeEventListener('dragover', over)
      document.removeEventListener('dragleave', leave)
      document.removeEventListener('drop', drop)
    }
  }, [])

  const set = currentSet(state)
  const t = tr.msg
  const listHidden = narrow && showDetail

  return (
    <EnvContext.Provider value={env}>
      <div ref={root} class={`app${narrow ? ' narrow' : ''}${showDetail ? ' has-detail' : ''}`}>
        <header class="top">
          <h1 class="sr-only">{t('ui_title')}</h1>
          <Toolbar state={state} filterRef={filterRef} onLang={onLang} />
          {set.order.length > 0 && <KindBar state={state} />}
        </header>
        <input
          ref={fileRef}
          type="file"
          accept=".har,application/json"
          class="file-input"
          aria-label={t('ui_import_har')}
          tabIndex={-1}
          onChange={(e) => {
            onFiles(e.currentTarget.files?.[0] ?? null)
            e.currentTarget.value = ''
          }}
        />
        {sourceBar()}
        <main class="main" style={{ '--split': `${split}%` }}>
          {!listHidden && (
            <div class="list-pane">
              <Boundary message={t('ui_render_error')}>
                <FindingList state={state} listRef={listRef} />
              </Boundary>
            </div>
          )}
          {showDetail && !narrow && <Splitter value={split} onChange={setSplit} label={t('ui_resize')} />}
          {showDetail && row && finding && whole && (
            <div class="detail-pane">
              <Boundary key={row.id} message={t('ui_render_error')}>
                <Detail
                  row={row}
                  findings={whole}
                  probe={state.probes.get(findingProbeKey(finding))}
                  description={state.descriptions.get(originOf(finding.request.url))}
                  onClose={closeDetail}
                  headingRef={headingRef}
                />
              </Boundary>
            </div>
          )}
        </main>
        <footer class="status">
          {state.source === 'imported' && state.imported ? (
            <span>
              {t('ui_status_imported', {
                name: state.imported.name,
                requests: count(state.imported.requests, tr.lang),
                findings: count(set.order.length, tr.lang),
              })}
            </span>
          ) : mode === 'standalone' ? (
            <span>{t('ui_status_standalone')}</span>
          ) : (
            <>
              {/* The count as a number too: tests and the benchmark read it whatever the language. */}
              <span data-requests={state.stats.entries}>
                {t('ui_status_live', {
                  requests: count(state.stats.entries, tr.lang),
                  findings: count(set.order.length, tr.lang),
                })}
              </span>
              {safeHref(state.inspectedUrl) && <span class="dim">{hostOf(state.inspectedUrl)}</span>}
              {!state.connected && <span class="dim">{t('ui_waiting_short')}</span>}
              {state.settings.preserveLog && <span class="dim">{t('ui_preserving')}</span>}
            </>
          )}
          {state.visible.length !== set.rows.order.length && (
            <span class="dim">
              {t('ui_status_rows_shown', {
                shown: count(state.visible.length, tr.lang),
                total: count(set.rows.order.length, tr.lang),
              })}
            </span>
          )}
        </footer>
        {dragging && (
          <div class="dropzone" aria-hidden="true">
            <p>{t('ui_drop_here')}</p>
          </div>
        )}
      </div>
    </EnvContext.Provider>
  )

  function sourceBar() {
    const busy = state.importing
    const err = state.importError
    const showSwitch = mode !== 'standalone' && state.imported !== null
    if (!busy && !err && !showSwitch) return null
    return (
      <div class="infobars">
        {busy && (
          <div class="infobar info importing">
            <span role="status">
              {busy.total > 0
                ? t('ui_importing_progress', {
                    name: busy.name,
                    percent: String(Math.min(100, Math.floor((busy.bytes / busy.total) * 100))),
                  })
                : t('ui_importing', { name: busy.name })}
            </span>
            <progress
              max={busy.total || 1}
              value={busy.bytes}
              aria-label={t('ui_importing', { name: busy.name })}
            />
            <button type="button" class="tb-btn text" onClick={() => job.current?.cancel()}>
              {t('ui_import_cancel')}
            </button>
          </div>
        )}
        {err && (
          <div class="infobar error" role="alert">
            <span>{t(err.id, err.params)}</span>
            <span class="grow" />
            <button
              type="button"
              class="tb-btn"
              aria-label={t('ui_dismiss')}
              title={t('ui_dismiss')}
              onClick={() => dispatch({ type: 'dismiss-error' })}
            >
              <IconClose />
            </button>
          </div>
        )}
        {showSwitch && state.imported && (
          <fieldset class="infobar source">
            <legend class="sr-only">{t('ui_source')}</legend>
            <button
              type="button"
              class="seg"
              aria-pressed={state.source === 'live' ? 'true' : 'false'}
              onClick={() => dispatch({ type: 'source', source: 'live' })}
            >
              {t('ui_source_live')}
            </button>
            <button
              type="button"
              class="seg"
              aria-pressed={state.source === 'imported' ? 'true' : 'false'}
              onClick={() => dispatch({ type: 'source', source: 'imported' })}
            >
              {t('ui_source_imported', { name: state.imported.name })}
            </button>
            <span class="grow" />
            <button
              type="button"
              class="tb-btn"
              aria-label={t('ui_close_import')}
              title={t('ui_close_import')}
              onClick={() => dispatch({ type: 'import-close' })}
            >
              <IconClose />
            </button>
          </fieldset>
        )}
      </div>
    )
  }
}
