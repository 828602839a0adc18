/** Phrase banks: login-and-access, security-and-privacy. */
import type { PhraseBank } from './types.js';

export const loginPhrases: PhraseBank = {
  intents: [
    [
      "[Can't|Cannot|Unable to] [log in|login|sign in][| to Acme| on {browser}]",
      "I [can't|cannot|am unable to] log in. It keeps saying 'Invalid email or password' even though I [just reset it|know the password is right].",
    ],
    [
      'Password reset email [never arrives|not arriving|missing|not received][| for {requesterEmail}]',
      "The password reset email [never arrives|doesn't show up][, not even in spam|; I've checked spam and everything].",
    ],
    [
      '[Login loop|Redirect loop at login|Stuck in a login loop] [on {browser}|with {ssoProvider}]',
      'When I sign in with {ssoProvider} I get sent back to the login page [in a loop|over and over].',
    ],
    [
      '[SSO login fails|SSO broken|{ssoProvider} SSO error][: {ssoError}| – {ssoError}]',
      "SSO login fails with '{ssoError}' for [everyone|several people] on our team since {recentDay}.",
    ],
    [
      '[2FA|Two-factor|Authenticator] codes [not accepted|rejected|invalid]',
      'My [2FA|two-factor] codes from the authenticator app are [rejected|not accepted][ every time| as invalid].',
    ],
    [
      "[Lost my phone|New phone][, can't get| – no|, need new] 2FA code",
      "I got a new phone and [lost|no longer have] my authenticator app, so I can't get past the 2FA screen.",
    ],
    [
      '[Account locked|Locked out] after [failed attempts|too many attempts|wrong password]',
      "My account got locked after too many attempts and [it's still locked|the lockout hasn't cleared] [hours later|after an hour].",
    ],
    [
      'Magic link [expired immediately|already expired|says expired][| on {os}]',
      "The magic link in the sign-in email [says it's expired|is already expired] [as soon as|the moment] I click it.",
    ],
    [
      '[Session keeps|Keeps|App keeps] logging me out[| every few minutes| on {browser}]',
      'I keep getting logged out every [few minutes|10 minutes or so], which makes the app [unusable|really frustrating].',
    ],
    [
      "[Changed my email|Updated my email address], now can't log in",
      "After changing my email address I can't log in with either the old or the new one.",
    ],
    [
      '[Google sign-in|Sign in with Google|Google login] [not working|shows blank page|broken]',
      "'Sign in with Google' just shows a blank page on {browser}.",
    ],
    [
      'Login page [stuck loading|stuck on spinner|never loads][| on {browser}| – {os}]',
      'The login page [hangs|is stuck] on the spinner and never loads the dashboard.',
    ],
    [
      '[Can log in on phone but not laptop|Login only works on mobile]',
      'I can log in on my phone but not on my laptop ({browser} on {os}).',
    ],
    [
      "[Can't access|No access to|Locked out of] workspace {workspace}",
      'I was invited to the {workspace} workspace but when I log in it [says I have no access|shows an empty workspace].',
    ],
    [
      '[Error|Getting error] {loginCode} [when signing in|at login|after SSO]',
      "I'm getting error {loginCode} right after [entering my password|the SSO step].",
    ],
    [
      "Account [says deactivated|shows as deactivated][ – I still work here|?| but I'm still employed]",
      "It says my account is deactivated, but I [still work here|haven't changed anything].",
    ],
  ],
  contexts: [
    "I'm using {browser} on {os}.",
    'Our company uses {ssoProvider} for SSO.',
    'My login email is {requesterEmail}.',
    "I've cleared cookies and tried an incognito window.",
  ],
  details: [
    'Nothing changed on our side as far as I know.',
    "I've tried three different browsers.",
    'Our IT team says nothing changed on the {ssoProvider} side.',
    'I have a client presentation [in an hour|this afternoon] and need my boards.',
  ],
  asks: [
    'Please help me get back in.',
    'Can you check my account on your side?',
    'I need access today if at all possible.',
    'Is there something I can do on my end?',
  ],
};

export const securityPhrases: PhraseBank = {
  intents: [
    [
      '[GDPR data deletion request|GDPR erasure request|Right to be forgotten][| – {requesterEmail}]',
      "Under GDPR I'm requesting that you delete all personal data you hold about me[ ({requesterEmail})|].",
    ],
    [
      '[Request for|Need|Requesting] [your|the latest|a copy of your] SOC 2 report',
      'Our security team needs your latest SOC 2 Type II report [before we can renew|for our vendor review].',
    ],
    [
      '[Suspicious|Unrecognised|Unknown] login from {city}',
      "I got a notification about a login from {city} and [that wasn't me|nobody on our team is there].",
    ],
    [
      '[Possible phishing|Phishing|Suspicious] email pretending to be Acme',
      "We received an email [asking us|telling us] to 're-verify billing' that looks like phishing pretending to be you.",
    ],
    [
      '[Where is our data stored?|Data residency in {region}?|Data location question]',
      '[Can you confirm|We need to know] where our data is stored and whether it stays in {region}.',
    ],
    [
      '[Do you have a DPA we can sign?|DPA signature request|Data processing agreement – {company}]',
      'Can you sign our data processing agreement, or do you have a standard DPA?',
    ],
    [
      '[Reporting a|Possible|Responsible disclosure:] security vulnerability',
      "I'd like to report a possible security vulnerability: [file links in comments open without logging in|a revoked share link still works].",
    ],
    [
      '[Enforce|Require|Mandatory] 2FA for all [members|users]',
      'Is there a way to enforce two-factor authentication for everyone in the workspace?',
    ],
    [
      'Security questionnaire [for vendor review|from {company}|– due {renewalDate}]',
      'We have a {count}-question security questionnaire from [procurement|our CISO] that needs to be completed.',
    ],
    [
      'Is [data|our data] encrypted at rest?',
      'Is customer data encrypted at rest and in transit, and [who at Acme|which employees] can access it?',
    ],
    [
      'Audit log for [{project}|project access|exports in {month}]',
      'We need an audit log showing who viewed or exported the {project} project in {month}.',
    ],
    [
      'Subprocessor list[ request|?| for {company}]',
      'Please provide your current list of subprocessors[ and tell us how you notify changes|].',
    ],
    [
      'IP allowlisting for [our workspace|{workspace}|{company}]',
      'Can we restrict workspace access to our office IP ranges?',
    ],
    [
      'Unknown device [on|logged into] [admin account|our admin account]',
      "Our admin account shows an active session from a device we don't recognise.",
    ],
    [
      'Revoke [API tokens|access] of former employee',
      'A former employee may still have access through a personal API token. How do we revoke it?',
    ],
    [
      '[Data retention policy|Retention of deleted data|Backup retention] question',
      "What's your data retention period for deleted projects and backups?",
    ],
  ],
  contexts: [
    "I'm the IT and security lead at {company}.",
    "We're in {industry}, so compliance matters a lot to us.",
    'Our contract renewal depends on completing this review.',
  ],
  details: [
    'Our auditors need the answer by {renewalDate}.',
    "I've already changed my password as a precaution.",
    'Legal asked me to get this in writing.',
  ],
  asks: [
    'Please treat this as urgent.',
    'Can you send the documents to {colleagueEmail}?',
    'Please confirm in writing once done.',
  ],
};
