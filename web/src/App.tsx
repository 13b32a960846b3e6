import { App as AntApp, Button, ConfigProvider, Layout, Menu, Result, Space, Spin, Tag, Typography } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import { useEffect, useState, type ReactNode } from 'react';
import { configureClient, setToken } from './api/client';
import { loadConfig, storeSession, storedSession, type ConsoleConfig, type Role, type Session } from './auth/session';
import { ErrorAlert } from './components/ErrorAlert';
import { useText } from './components/useText';
import { I18nProvider, useI18n } from './i18n/i18n';
import type { MessageKey } from './i18n/dictionary';
import { AuditPage } from './pages/AuditPage';
import { DatasetsPage } from './pages/finance/DatasetsPage';
import { NewRunPage } from './pages/finance/NewRunPage';
import { RunDetailPage } from './pages/finance/RunDetailPage';
import { RunsPage } from './pages/finance/RunsPage';
import { DraftPage } from './pages/policy/DraftPage';
import { VersionsPage } from './pages/policy/VersionsPage';
import { NewAllocationBanner } from './pages/school/NewAllocationBanner';
import { SchoolRunsPage } from './pages/school/SchoolRunsPage';
import { StatementPage } from './pages/school/StatementPage';
import { SignInPage } from './pages/SignInPage';
import { hrefOf, matchRoute, navigate, useHashSegments, type RouteParams } from './router';

interface PageRoute {
  pattern: string;
  roles: Role[];
  render: (params: RouteParams, session: Session) => ReactNode;
}

const PAGES: PageRoute[] = [
  { pattern: 'finance/datasets', roles: ['finance', 'admin'], render: () => <DatasetsPage /> },
  { pattern: 'finance/runs', roles: ['finance', 'admin'], render: () => <RunsPage /> },
  { pattern: 'finance/runs/new', roles: ['finance', 'admin'], render: () => <NewRunPage /> },
  { pattern: 'finance/runs/:runId', roles: ['finance', 'admin'], render: (p, s) => <RunDetailPage runId={p.runId!} session={s} /> },
  { pattern: 'school/runs', roles: ['school', 'admin'], render: (_p, s) => <SchoolRunsPage session={s} /> },
  { pattern: 'school/runs/:runId/:schoolId', roles: ['school', 'admin'], render: (p) => <StatementPage runId={p.runId!} schoolId={p.schoolId!} /> },
  { pattern: 'policy/versions', roles: ['policy', 'admin'], render: () => <VersionsPage /> },
  { pattern: 'audit', roles: ['finance', 'policy', 'admin'], render: () => <AuditPage /> },
  { pattern: 'policy/drafts/:ruleSetId/:draftId', roles: ['policy', 'admin'], render: (p, s) => <DraftPage ruleSetId={p.ruleSetId!} draftId={p.draftId!} session={s} /> },
];

/** A menu entry is named by the console dictionary (`label`) or by a catalogue code (`code`). */
type MenuItem = { key: string; label: MessageKey } | { key: string; code: string };
const AUDIT_MENU: MenuItem = { key: 'audit', code: 'audit_title' };

const MENUS: Record<Role, MenuItem[]> = {
  finance: [
    { key: 'finance/datasets', label: 'nav_datasets' },
    { key: 'finance/runs', label: 'nav_runs' },
    { key: 'finance/runs/new', label: 'nav_newRun' },
  ],
  school: [{ key: 'school/runs', label: 'nav_schoolRuns' }],
  policy: [{ key: 'policy/versions', label: 'nav_versions' }],
  admin: [],
};

function menuFor(role: Role): MenuItem[] {
  if (role === 'school') return MENUS.school;
  return [...(role === 'admin' ? [...MENUS.finance, ...MENUS.policy] : MENUS[role]), AUDIT_MENU];
}

export function App() {
  return (
    <I18nProvider>
      <LocalizedApp />
    </I18nProvider>
  );
}

function LocalizedApp() {
  const { lang } = useI18n();
  return (
    <ConfigProvider locale={lang === 'zh' ? zhCN : enUS} theme={{ token: { colorPrimary: '#b7202e' } }}>
      <AntApp>
        <Shell />
      </AntApp>
    </ConfigProvider>
  );
}

function Shell() {
  const { t } = useI18n();
  const text = useText();
  const [config, setConfig] = useState<ConsoleConfig>();
  const [configError, setConfigError] = useState<unknown>();
  const [session, setSession] = useState<Session | null>(() => storedSession());
  const segments = useHashSegments();

  const signOut = () => {
    storeSession(null);
    setToken(undefined);
    setSession(null);
    navigate('signin');
  };

  useEffect(() => {
    loadConfig().then((loaded) => {
      configureClient({ apiUrl: loaded.apiUrl, token: storedSession()?.token, onUnauthorized: signOut });
      setConfig(loaded);
    }, setConfigError);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  if (configError) return <ErrorAlert error={configError} />;
  if (!config) return <Spin style={{ margin: 64 }} />;

  if (!session) {
    return (
      <SignInPage
        config={config}
        onSignedIn={(next) => {
          storeSession(next);
          setToken(next.token);
          setSession(next);
          navigate(...(menuFor(next.role)[0]?.key ?? '').split('/'));
        }}
      />
    );
  }

  const path = segments.join('/');
  const menu = menuFor(session.role);
  const found = PAGES.map((page) => ({ page, params: matchRoute(page.pattern, segments) })).find((entry) => entry.params);
  let content: ReactNode;
  if (!found && (segments.length === 0 || path === 'signin')) {
    window.location.replace(hrefOf(...(menu[0]?.key ?? '').split('/')));
    content = null;
  } else if (!found || !found.page.roles.includes(session.role)) {
    content = <Result status="404" title="404" extra={<Button href={hrefOf(...(menu[0]?.key ?? '').split('/'))}>{t('close')}</Button>} />;
  } else {
    content = found.page.render(found.params!, session);
  }
  const selected = menu.filter((item) => path.startsWith(item.key)).sort((a, b) => b.key.length - a.key.length)[0]?.key;

  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Header className="top-bar">
        <Typography.Title level={4} className="app-title">
          {t('appTitle')}
        </Typography.Title>
        <Menu
          theme="dark"
          mode="horizontal"
          selectedKeys={selected ? [selected] : []}
          items={menu.map((item) => ({ key: item.key, label: <a href={hrefOf(...item.key.split('/'))} data-testid={`nav-${item.key.replace(/\//g, '-')}`}>{'label' in item ? t(item.label) : text(item.code)}</a> }))}
          style={{ flex: 1, minWidth: 0 }}
        />
        <TopBarUser session={session} onSignOut={signOut} />
      </Layout.Header>
      <Layout.Content className="page">
        {session.role === 'school' && <NewAllocationBanner key={path} session={session} />}
        {content}
      </Layout.Content>
    </Layout>
  );
}

function TopBarUser({ session, onSignOut }: { session: Session; onSignOut: () => void }) {
  const { t, lang, setLang } = useI18n();
  return (
    <Space className="top-user">
      <span data-testid="current-user">{session.label}</span>
      <Tag color="gold" data-testid="current-role">
        {t(`role_${session.role}`)}
        {session.schoolId ? ` · ${session.schoolId}` : ''}
      </Tag>
      <Button size="small" ghost data-testid="lang-switch" onClick={() => setLang(lang === 'zh' ? 'en' : 'zh')}>
        {t('language')}
      </Button>
      <Button size="small" data-testid="sign-out" onClick={onSignOut}>
        {t('signOut')}
      </Button>
    </Space>
  );
}
