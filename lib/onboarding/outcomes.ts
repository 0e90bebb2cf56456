// Every way a Clever redirect can end. The callback answers with a 303 to `<route>?outcome=<name>`, so
// the code and state leave the address bar at once, and the clean URL renders the page below.
import { page, seeOther, type WebResult } from './web-result.ts';

interface OutcomePage {
  status: number;
  title: string;
  message: string;
}

export const OUTCOMES = {
  linked: {
    status: 200,
    title: 'District linked',
    message: 'Your Clever district is now linked to your organisation. You can close this page.',
  },
  already_linked: {
    status: 200,
    title: 'Already linked',
    message: 'This Clever district was already linked to your organisation. Nothing needed to change.',
  },
  denied: {
    status: 400,
    title: 'Sign-in cancelled',
    message:
      'Clever did not grant access, so nothing was changed. You can start again from the link you were sent.',
  },
  invalid_state: {
    status: 400,
    title: 'Link not recognised',
    message: 'This sign-in link is not valid. Ask your administrator for a new "Log in with Clever" link.',
  },
  used_state: {
    status: 409,
    title: 'Link already used',
    message: 'This sign-in link has already been used, so nothing was changed. Ask for a new link if needed.',
  },
  expired_state: {
    status: 410,
    title: 'Link expired',
    message: 'This sign-in link has expired (links last 10 minutes). Ask your administrator for a new one.',
  },
  foreign_session: {
    status: 403,
    title: 'Wrong browser',
    message:
      'This link was created in another browser session. Open it in the browser where it was created, or ask for a new one.',
  },
  code_used: {
    status: 409,
    title: 'Sign-in already handled',
    message: 'This sign-in was already processed (perhaps by a page refresh). Start again from Clever.',
  },
  code_rejected: {
    status: 400,
    title: 'Sign-in expired',
    message: 'Clever did not accept this sign-in, so nothing was changed. Please start the sign-in again.',
  },
  clever_unavailable: {
    status: 502,
    title: 'Clever is not answering',
    message: 'We could not reach Clever, so nothing was changed. Please try again in a few minutes.',
  },
  not_district_admin: {
    status: 403,
    title: 'District administrator needed',
    message:
      "Only your district's Clever administrator can link the district. Nothing was changed; the attempt was recorded.",
  },
  no_district: {
    status: 400,
    title: 'No district',
    message: 'This Clever account does not belong to a district, so it cannot be used here.',
  },
  conflict: {
    status: 409,
    title: 'Link needs review',
    message:
      'This district or organisation is already linked elsewhere. Nothing was changed; our team has been notified to review it.',
  },
  setting_up: {
    status: 200,
    title: 'Your district is being set up',
    message:
      'Your district is connected to Clever but is not ready in our app yet. We have been notified; please try again later.',
  },
  bad_request: {
    status: 400,
    title: 'Incomplete sign-in',
    message: 'The sign-in request was incomplete or malformed. Please start again from Clever.',
  },
} as const satisfies Record<string, OutcomePage>;

export type Outcome = keyof typeof OUTCOMES;

export function isOutcome(name: string): name is Outcome {
  return Object.hasOwn(OUTCOMES, name);
}

export function outcomePage(outcome: Outcome, cookies: string[] = []): WebResult {
  const { status, title, message } = OUTCOMES[outcome];
  return page(status, title, message, cookies);
}

export function redirectToOutcome(routePath: string, outcome: Outcome, cookies: string[] = []): WebResult {
  return seeOther(`${routePath}?outcome=${outcome}`, cookies);
}
