/** Category-independent building blocks of a ticket body. */

export const GREETINGS = [
  'Hi,',
  'Hello,',
  'Hi there,',
  'Hello Acme team,',
  'Hi Acme Support,',
  'Dear Support Team,',
  'Hey,',
  'Good morning,',
  'Good afternoon,',
  'Hi team,',
  'Hello support,',
  'Dear Sir or Madam,',
  'Hey folks,',
  'Hi all,',
  'Hello again,',
  'Morning,',
  'Dear Acme Cloud team,',
];

export const CHAT_GREETINGS = ['hi', 'hello', 'hey there', 'Hi!', 'hi, quick question', 'Hello?', 'hey'];

export const OPENERS = [
  "Hope you're well.",
  'I hope this finds you well.',
  'Thanks for the quick help last time.',
  'Quick question.',
  "I'm hoping you can help with something.",
  'Writing on behalf of our team.',
  'Sorry to bother you again.',
  'Hope you had a good weekend.',
  'First time contacting support, so bear with me.',
];

export const HURRIED_OPENERS = [
  'Urgent:',
  'quick one -',
  'ASAP please:',
  'Need help asap.',
  'URGENT -',
  'Help!',
];

export const FOLLOW_UP_OPENERS = [
  'Following up on this.',
  'This is still happening.',
  "Sorry, this didn't fix it.",
  'Thanks for the reply, but the problem is still there.',
  'Any update on this?',
  'Replying again because nothing has changed.',
  'Thanks — I tried that.',
  'Just checking in on this one.',
];

export const GENERIC_CONTEXTS = [
  'Our workspace is {workspace}.',
  "We're on the {plan} plan.",
  "I'm [a project manager|the admin|on the ops team] at {company}.",
  'We have about {seats} people using Acme Cloud.',
  "We've been using Acme Cloud since {year}.",
];

export const GENERIC_ASKS = [
  'Can you [take a look|look into this]?',
  'Please advise.',
  'Any help appreciated.',
  'Let me know what you need from me.',
  'What are my options here?',
  'Could someone get back to me today?',
  'Thanks for looking into it.',
  'Please help.',
  'Can someone call me about this?',
  'Happy to share more details if needed.',
];

export const ENDINGS = [
  'Thanks!',
  'Thanks,',
  'Thank you.',
  'Thanks in advance.',
  'Cheers,',
  'Many thanks,',
  'Appreciate your help.',
  'Thanks for your help,',
  'Regards,',
  'Best,',
  'TIA',
  'Thx',
  'Looking forward to hearing from you.',
  'Kind regards,',
];

/** Connectors introducing a second, secondary topic in an ambiguous ticket. */
export const SECOND_TOPIC_CONNECTORS = [
  'Also,',
  'Separately,',
  'On a related note,',
  "And while I'm at it,",
  "Not sure if it's related, but",
  'Unrelated, but',
  'One more thing:',
  'Oh and',
  'Possibly connected:',
  'Also (lower priority):',
];

export const SUPPORT_AGENTS = [
  'Priya',
  'Marcus',
  'Elena',
  'Sam',
  'Yusuf',
  'Hannah',
  'Leo',
  'Aiko',
  'Grace',
  'Tomás',
];

export const SUPPORT_REPLIES = [
  "Thanks for reaching out. Could you send us a screenshot of what you're seeing and roughly when it happened?",
  "Thanks for your patience. We've applied a fix on our side. Can you check whether it works for you now?",
  "I've passed this on to the relevant team and will get back to you as soon as I hear from them.",
  'Could you confirm the email address on the account and the name of your workspace?',
  "We've marked this ticket as solved. If anything else comes up, just reply to this email.",
  'Sorry for the trouble! Could you try signing out, clearing your cache and signing back in?',
  "Thanks for the details. We can't reproduce this on our end. Does it also happen in a private window?",
  "I've updated your account as requested. Let us know if there's anything else we can help with.",
  "Good news: this should be resolved in today's release. Please let us know if you still see it.",
  'To look into this further we need the account owner to confirm the request from their email address.',
];

export const MOBILE_FOOTERS = [
  'Sent from my iPhone',
  'Sent from my iPhone',
  'Sent from my iPad',
  'Sent from my Android phone',
  'Sent from Outlook for iOS',
];

export const CONFIDENTIALITY_NOTICE =
  'CONFIDENTIALITY NOTICE: This email and any attachments are for the sole use of the intended recipient and may contain confidential information.';
