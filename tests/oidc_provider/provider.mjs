// A real OpenID Connect provider (panva's oidc-provider) configured like FranceConnect v2's
// integration platform, for the test suite: authorization code flow, state and nonce, acr
// eidas1, ES256-signed ID token, userinfo answered as a signed JWT, RP-initiated logout with
// id_token_hint and state. Usage: node provider.mjs PORT CLIENT_ID CLIENT_SECRET REDIRECT_URI
// POST_LOGOUT_URI. Prints "ready" once it listens.
//
// The tests choose who signs in, and may ask it to misbehave (as a compromised or misconfigured
// provider would) through POST /_test/mode: {"identity": {...}, "tamper": "nonce" | "aud" |
// "expired" | "unsigned" | "acr" | null}. A tampered ID token is re-signed with the provider's
// own key (but "unsigned"), so that only the claim's check can refuse it.
import http from 'node:http';

import * as jose from 'jose';
import Provider from 'oidc-provider';

const [port, clientId, clientSecret, redirectUri, postLogoutUri] = process.argv.slice(2);
const issuer = `http://127.0.0.1:${port}`;

const { privateKey } = await jose.generateKeyPair('ES256', { extractable: true });
const signingKey = { ...(await jose.exportJWK(privateKey)), kid: 'test-es256', alg: 'ES256', use: 'sig' };

let mode = {
  identity: {
    sub: 'fc-sub-0001', given_name: 'Camille', family_name: 'Durand',
    email: 'camille.durand@exemple.fr', birthdate: '1985-04-12',
  },
  tamper: null,
  acr: 'eidas1',
};

const provider = new Provider(issuer, {
  clients: [{
    client_id: clientId,
    client_secret: clientSecret,
    redirect_uris: [redirectUri],
    post_logout_redirect_uris: [postLogoutUri],
    response_types: ['code'],
    grant_types: ['authorization_code'],
    token_endpoint_auth_method: 'client_secret_post',
    id_token_signed_response_alg: 'ES256',
    userinfo_signed_response_alg: 'ES256',
  }],
  jwks: { keys: [signingKey] },
  scopes: ['openid', 'given_name', 'family_name', 'birthdate', 'email'],
  claims: {
    openid: ['sub'],
    given_name: ['given_name'],
    family_name: ['family_name'],
    birthdate: ['birthdate'],
    email: ['email'],
  },
  acrValues: ['eidas1', 'eidas2', 'eidas3'],
  pkce: { required: () => false },
  cookies: { keys: ['parvis-tests-only'] },
  features: {
    devInteractions: { enabled: false },
    jwtUserinfo: { enabled: true },
    userinfo: { enabled: true },
    rpInitiatedLogout: {
      enabled: true,
      // No font or stylesheet from elsewhere: the browser tests forbid third-party requests.
      logoutSource(ctx, form) {
        ctx.body = `<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8"><title>Déconnexion</title></head>
<body><main><h1>Se déconnecter du fournisseur d'identité ?</h1>${form}
<button type="submit" form="op.logoutForm" value="yes" name="logout">Oui, me déconnecter</button></main></body></html>`;
      },
    },
  },
  findAccount(ctx, id) {
    const identity = mode.identity;
    return { accountId: id, claims: () => ({ ...identity, sub: id }) };
  },
  interactions: { url: (ctx, interaction) => `/interaction/${interaction.uid}` },
  renderError(ctx, out) {
    ctx.type = 'text/plain';
    ctx.body = `${out.error}: ${out.error_description || ''}`;
  },
});
provider.proxy = false;

async function tamperIdToken(idToken) {
  const claims = jose.decodeJwt(idToken);
  switch (mode.tamper) {
    case 'nonce': claims.nonce = 'not-the-nonce-sent'; break;
    case 'aud': claims.aud = 'another-client'; break;
    case 'expired': claims.iat -= 7200; claims.exp = Math.floor(Date.now() / 1000) - 3600; break;
    case 'acr': claims.acr = 'eidas0'; break;
    case 'unsigned':
      return `${jose.base64url.encode(JSON.stringify({ alg: 'none', typ: 'JWT' }))}.${jose.base64url.encode(JSON.stringify(claims))}.`;
    default: return idToken;
  }
  return new jose.SignJWT(claims).setProtectedHeader({ alg: 'ES256', kid: signingKey.kid }).sign(privateKey);
}

provider.use(async (ctx, next) => {
  if (ctx.path === '/_test/mode' && ctx.method === 'POST') {
    const chunks = [];
    for await (const chunk of ctx.req) chunks.push(chunk);
    mode = { ...mode, tamper: null, acr: 'eidas1', ...JSON.parse(Buffer.concat(chunks).toString() || '{}') };
    ctx.body = { ok: true };
    return;
  }
  if (ctx.path.startsWith('/interaction/')) {
    // The person signs in at once as the identity the test chose, and consents.
    const details = await provider.interactionDetails(ctx.req, ctx.res);
    let result;
    if (details.prompt.name === 'login') {
      result = { login: { accountId: mode.identity.sub, acr: mode.acr } };
    } else {
      const grant = details.grantId
        ? await provider.Grant.find(details.grantId)
        : new provider.Grant({ accountId: details.session.accountId, clientId: details.params.client_id });
      grant.addOIDCScope(details.params.scope);
      result = { consent: { grantId: await grant.save() } };
    }
    const to = await provider.interactionResult(ctx.req, ctx.res, result, { mergeWithLastSubmission: true });
    ctx.redirect(to);
    return;
  }
  await next();
  if (ctx.path === '/token' && ctx.body && ctx.body.id_token && mode.tamper) {
    ctx.body = { ...ctx.body, id_token: await tamperIdToken(ctx.body.id_token) };
  }
});

http.createServer(provider.callback()).listen(Number(port), '127.0.0.1', () => {
  process.stdout.write('ready\n');
});
