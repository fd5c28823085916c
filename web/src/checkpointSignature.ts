/**
 * Checks a checkpoint's signed note (CONTRACT §8, C2SP signed note) against a verifier key
 * `<keyName>+<hex keyId>+<base64(0x01 ‖ Ed25519 public key)>`, in the browser's own Web Crypto.
 * `unsupported` when the browser has no Ed25519: the page then says the signature is unchecked.
 */
export async function checkNoteSignature(note: string, vkey: string): Promise<'valid' | 'invalid' | 'unsupported'> {
  const [keyName, keyIdHex, keyText] = vkey.split('+');
  const split = note.indexOf('\n\n');
  if (!keyName || !keyIdHex || !keyText || split < 0) return 'invalid';
  const text = new TextEncoder().encode(note.slice(0, split + 1));
  const key = fromBase64(keyText);
  if (!key || key.length !== 33 || key[0] !== 0x01) return 'invalid';
  const line = note
    .slice(split + 2)
    .split('\n')
    .find((l) => l.startsWith(`\u2014 ${keyName} `));
  const signed = line ? fromBase64(line.slice(`\u2014 ${keyName} `.length)) : undefined;
  if (!signed || signed.length !== 68 || toHex(signed.subarray(0, 4)) !== keyIdHex) return 'invalid';
  let publicKey: CryptoKey;
  try {
    publicKey = await crypto.subtle.importKey('raw', key.slice(1), { name: 'Ed25519' }, false, ['verify']);
  } catch {
    return 'unsupported';
  }
  return (await crypto.subtle.verify({ name: 'Ed25519' }, publicKey, signed.slice(4), text)) ? 'valid' : 'invalid';
}

function fromBase64(text: string): Uint8Array<ArrayBuffer> | undefined {
  try {
    return Uint8Array.from(atob(text), (c) => c.charCodeAt(0));
  } catch {
    return undefined;
  }
}

function toHex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}
