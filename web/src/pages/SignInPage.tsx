import { Alert, Button, Card, Form, Input, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { cognitoSignIn, type ConsoleConfig, type Session } from '../auth/session';
import { useI18n } from '../i18n/i18n';

export function SignInPage({ config, onSignedIn }: { config: ConsoleConfig; onSignedIn: (session: Session) => void }) {
  const { t, lang, setLang } = useI18n();
  return (
    <div style={{ maxWidth: 560, margin: '64px auto', padding: 16 }}>
      <Space style={{ width: '100%', justifyContent: 'space-between' }}>
        <Typography.Title level={3}>{t('appTitle')}</Typography.Title>
        <Button data-testid="lang-switch" onClick={() => setLang(lang === 'zh' ? 'en' : 'zh')}>
          {t('language')}
        </Button>
      </Space>
      {config.auth === 'cognito' && config.cognito ? (
        <CognitoForm cognito={config.cognito} onSignedIn={onSignedIn} />
      ) : (
        <Card title={t('signInTitle')}>
          {(config.demoUsers ?? []).map((demo) => (
            <div key={demo.user} className="plain-list-item">
              <Space orientation="vertical" size={2}>
                <Typography.Text strong>{demo.label}</Typography.Text>
                <Space>
                  <Tag>{t(`role_${demo.role}`)}</Tag>
                  {demo.schoolId && <Tag>{demo.schoolId}</Tag>}
                  <Typography.Text type="secondary">{demo.user}</Typography.Text>
                </Space>
              </Space>
              <Button
                type="primary"
                data-testid={`demo-user-${demo.user}`}
                onClick={() => onSignedIn({ user: demo.user, label: demo.label, role: demo.role, ...(demo.schoolId ? { schoolId: demo.schoolId } : {}), token: demo.token })}
              >
                {t('signIn')}
              </Button>
            </div>
          ))}
        </Card>
      )}
    </div>
  );
}

function CognitoForm({ cognito, onSignedIn }: { cognito: NonNullable<ConsoleConfig['cognito']>; onSignedIn: (session: Session) => void }) {
  const { t } = useI18n();
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  return (
    <Card title={t('signInCognito')}>
      {error && <Alert type="error" title={error} showIcon style={{ marginBottom: 16 }} />}
      <Form
        layout="vertical"
        onFinish={async (values: { username: string; password: string }) => {
          setBusy(true);
          setError(undefined);
          try {
            onSignedIn(await cognitoSignIn(cognito, values.username, values.password));
          } catch (failure) {
            setError(failure instanceof Error ? failure.message : String(failure));
          } finally {
            setBusy(false);
          }
        }}
      >
        <Form.Item name="username" label={t('username')} rules={[{ required: true }]}>
          <Input autoComplete="username" />
        </Form.Item>
        <Form.Item name="password" label={t('password')} rules={[{ required: true }]}>
          <Input.Password autoComplete="current-password" />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={busy}>
          {t('signIn')}
        </Button>
      </Form>
    </Card>
  );
}
