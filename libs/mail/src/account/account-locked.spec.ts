import { composeAccountLocked } from './account-locked';

describe('the account-locked mail', () => {
  // 2026-06-15 14:05 in Tokyo (a Monday).
  const lockedUntil = new Date('2026-06-15T05:05:00Z');
  const ctx = { publicUrl: 'https://hyoka.example.jp/' };

  it('says in Japanese what happened, until when (和暦, Tokyo time) and what to do', () => {
    const mail = composeAccountLocked(
      {
        recipient: { displayName: '担当 一郎', locale: 'ja' },
        email: 'staff@city.example',
        failures: 10,
        lockedUntil,
      },
      ctx,
    );
    expect(mail.subject).toBe('【行政評価】サインインを一時的に停止しました');
    expect(mail.text).toContain('担当 一郎 様');
    expect(mail.text).toContain('staff@city.example');
    expect(mail.text).toContain('10回');
    expect(mail.text).toContain('令和8年6月15日（月）14:05まで');
    expect(mail.text).toContain('管理者はすぐに停止を解除できます');
    expect(mail.text).toContain('https://hyoka.example.jp/app/');
    expect(mail.html).toContain('<html lang="ja">');
  });

  it('in English, with Tokyo time marked JST, and escapes what people typed in the HTML', () => {
    const mail = composeAccountLocked(
      {
        recipient: { displayName: '<b>Eve</b> & co', locale: 'en' },
        email: 'eve@city.example',
        failures: 10,
        lockedUntil,
      },
      ctx,
    );
    expect(mail.subject).toBe('[hyoka] Sign-in to your account is locked for now');
    expect(mail.text).toContain('failed 10 times');
    expect(mail.text).toContain('locked until Mon, 15 Jun 2026 14:05 JST');
    expect(mail.html).toContain('Dear &lt;b&gt;Eve&lt;/b&gt; &amp; co,');
    expect(mail.html).not.toContain('<b>Eve</b>');
  });
});
