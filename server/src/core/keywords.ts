/**
 * Vocabulary tables for the core layer: OpenSSH ssh_config(5) keywords, the ESSH keys of hosts,
 * tasks, drivers, groups, namespaces and jobs with their accepted value types, version ranges,
 * hover docs and ESSH's own error texts, the built-in globals and `essh.*` members by version, the
 * bundled `require` libraries, and the did-you-mean helper `nearestName`. Pure data and helpers:
 * validation, completion and hover read these tables and never restate them.
 * Version ranges follow ESSH's history (essh-semantics.md, Versions), cross-checked against ESSH's source
 * at every release tag where the reference is silent.
 */
import { inVersionRanges, type EsshVersion, type VersionRange } from './version';

// ---------------------------------------------------------------------------------------------
// OpenSSH keywords
// ---------------------------------------------------------------------------------------------

/**
 * How OpenSSH treats a keyword: `current` ones are documented in ssh_config(5); `alias` ones are
 * accepted old names of `aliasOf`; `deprecated` and `unsupported` ones are accepted with a warning
 * and ignored; `vendor` ones exist only in patched builds (Apple, Debian/Fedora GSSAPI patch) and
 * make stock OpenSSH fail with "Bad configuration option".
 */
export type SshKeywordStatus = 'current' | 'alias' | 'deprecated' | 'unsupported' | 'vendor';

/** One ssh_config(5) keyword in its canonical spelling. */
export interface SshKeyword {
	name: string;
	status: SshKeywordStatus;
	/** For `alias`: the canonical keyword it stands for. */
	aliasOf?: string;
	/** One line of plain Markdown for hover and completion. */
	doc: string;
}

/**
 * Every client keyword OpenSSH (portable, 10.x) accepts in ssh_config, in canonical case, plus the
 * common vendor-only keywords. ssh itself matches keywords case-insensitively.
 */
export const SSH_KEYWORDS: readonly SshKeyword[] = [
	{ name: 'Host', status: 'current', doc: 'Starts a new `Host` block in ssh_config. Inside an ESSH host it is written as an ordinary line, so it starts a new block in the generated file and the following properties belong to it.' },
	{ name: 'Match', status: 'current', doc: "Starts a conditional `Match` block (`Match host …`, `exec …`, `all`, …). Inside an ESSH host it ends the host's block in the generated file." },
	{ name: 'Include', status: 'current', doc: 'Includes other ssh_config files (glob patterns allowed); relative paths are taken from `~/.ssh`.' },
	{ name: 'AddKeysToAgent', status: 'current', doc: 'Whether keys loaded from files are added to a running ssh-agent: `yes`, `no` (default), `ask`, `confirm`, optionally with a lifetime.' },
	{ name: 'AddressFamily', status: 'current', doc: 'Address family to connect with: `any` (default), `inet` (IPv4 only) or `inet6` (IPv6 only).' },
	{ name: 'BatchMode', status: 'current', doc: '`yes` disables all interactive prompts (passwords, host key confirmation), for scripts; default `no`.' },
	{ name: 'BindAddress', status: 'current', doc: 'Local address to use as the source address of the connection.' },
	{ name: 'BindInterface', status: 'current', doc: 'Use the address of this local interface as the source address of the connection.' },
	{ name: 'CanonicalDomains', status: 'current', doc: 'Domain suffixes searched when `CanonicalizeHostname` is enabled.' },
	{ name: 'CanonicalizeFallbackLocal', status: 'current', doc: 'Whether to fall back to the system resolver when hostname canonicalization fails (default `yes`).' },
	{ name: 'CanonicalizeHostname', status: 'current', doc: 'Whether to rewrite the destination host name to a canonical name using `CanonicalDomains`: `no` (default), `yes` or `always`.' },
	{ name: 'CanonicalizeMaxDots', status: 'current', doc: 'Maximum number of dots in a host name before canonicalization is skipped (default 1).' },
	{ name: 'CanonicalizePermittedCNAMEs', status: 'current', doc: 'Rules saying which CNAMEs may be followed when canonicalizing host names.' },
	{ name: 'CASignatureAlgorithms', status: 'current', doc: 'Algorithms allowed for signing certificates by certificate authorities.' },
	{ name: 'CertificateFile', status: 'current', doc: "File from which the user's certificate is read; the private key must be supplied separately." },
	{ name: 'ChannelTimeout', status: 'current', doc: 'Closes inactive channels after a timeout, per channel type (`type=interval` pairs). OpenSSH 9.6+.' },
	{ name: 'CheckHostIP', status: 'current', doc: "Whether to also check the host's IP address in known_hosts, to detect DNS spoofing (default `no` in recent OpenSSH)." },
	{ name: 'Ciphers', status: 'current', doc: 'Ciphers allowed, in order of preference; `+`, `-` and `^` prefixes modify the default list.' },
	{ name: 'ClearAllForwardings', status: 'current', doc: 'Clears all local, remote and dynamic port forwardings set so far.' },
	{ name: 'Compression', status: 'current', doc: 'Whether to compress the connection (`yes` or `no`, the default).' },
	{ name: 'ConnectionAttempts', status: 'current', doc: 'Number of connection attempts (one per second) before giving up; default 1.' },
	{ name: 'ConnectTimeout', status: 'current', doc: 'Timeout in seconds for establishing the connection and the initial SSH handshake.' },
	{ name: 'ControlMaster', status: 'current', doc: 'Connection sharing over a control socket: `yes`, `no` (default), `ask`, `auto` or `autoask`.' },
	{ name: 'ControlPath', status: 'current', doc: 'Path of the control socket used for connection sharing, or `none`; tokens such as `%C` are expanded.' },
	{ name: 'ControlPersist', status: 'current', doc: 'Keep the master connection open in the background after the first client exits: `yes`, `no` or a timeout.' },
	{ name: 'DynamicForward', status: 'current', doc: 'Forwards a local port as a SOCKS proxy through the connection (`[bind_address:]port`).' },
	{ name: 'EnableEscapeCommandline', status: 'current', doc: 'Enables the `~C` command line in the escape menu (disabled by default). OpenSSH 9.2+.' },
	{ name: 'EnableSSHKeysign', status: 'current', doc: 'Enables the ssh-keysign helper for host-based authentication; only meaningful in the global /etc/ssh/ssh_config.' },
	{ name: 'EscapeChar', status: 'current', doc: 'Escape character for interactive sessions (default `~`), or `none`.' },
	{ name: 'ExitOnForwardFailure', status: 'current', doc: 'Whether ssh exits when it cannot set up all requested port forwardings (default `no`).' },
	{ name: 'FingerprintHash', status: 'current', doc: 'Hash algorithm for displaying key fingerprints: `md5` or `sha256` (default).' },
	{ name: 'ForkAfterAuthentication', status: 'current', doc: 'Go to the background just before command execution, like `ssh -f`.' },
	{ name: 'ForwardAgent', status: 'current', doc: 'Whether the authentication agent connection is forwarded to the remote host: `yes`, `no` (default), a socket path or `$VAR`.' },
	{ name: 'ForwardX11', status: 'current', doc: 'Whether X11 connections are forwarded automatically and DISPLAY is set (default `no`).' },
	{ name: 'ForwardX11Timeout', status: 'current', doc: 'Timeout after which untrusted X11 forwarding connections are refused.' },
	{ name: 'ForwardX11Trusted', status: 'current', doc: 'Whether remote X11 clients get full access to the local display (default `no`).' },
	{ name: 'GatewayPorts', status: 'current', doc: 'Whether remote hosts may connect to locally forwarded ports (default `no`).' },
	{ name: 'GlobalKnownHostsFile', status: 'current', doc: 'Files used as the global host key database (default /etc/ssh/ssh_known_hosts and ssh_known_hosts2).' },
	{ name: 'GSSAPIAuthentication', status: 'current', doc: 'Whether GSSAPI (Kerberos) user authentication is allowed (default `no`).' },
	{ name: 'GSSAPIDelegateCredentials', status: 'current', doc: 'Whether GSSAPI credentials are forwarded (delegated) to the server (default `no`).' },
	{ name: 'HashKnownHosts', status: 'current', doc: 'Whether host names are hashed when added to ~/.ssh/known_hosts.' },
	{ name: 'HostbasedAcceptedAlgorithms', status: 'current', doc: 'Signature algorithms used for host-based authentication (formerly `HostbasedKeyTypes`).' },
	{ name: 'HostbasedAuthentication', status: 'current', doc: 'Whether to try rhosts-based authentication with public keys (default `no`).' },
	{ name: 'HostKeyAlgorithms', status: 'current', doc: 'Host key signature algorithms the client accepts, in order of preference.' },
	{ name: 'HostKeyAlias', status: 'current', doc: 'Name used instead of the real host name when looking up and saving host keys.' },
	{ name: 'HostName', status: 'current', doc: 'The real host name or IP address to connect to; the ESSH host name is only the alias written after `Host`.' },
	{ name: 'IdentitiesOnly', status: 'current', doc: 'Use only the configured identity files, even when ssh-agent offers more keys (default `no`).' },
	{ name: 'IdentityAgent', status: 'current', doc: 'Socket used to talk to the authentication agent, overriding SSH_AUTH_SOCK, or `none`.' },
	{ name: 'IdentityFile', status: 'current', doc: 'Private key file used for public key authentication; may be given several times.' },
	{ name: 'IgnoreUnknown', status: 'current', doc: 'Pattern list of unknown options to ignore instead of failing; must come before those options.' },
	{ name: 'IPQoS', status: 'current', doc: 'DSCP / type-of-service value for interactive and bulk connections (e.g. `af21 cs1`, `lowdelay`, `none`).' },
	{ name: 'KbdInteractiveAuthentication', status: 'current', doc: 'Whether to use keyboard-interactive authentication (default `yes`).' },
	{ name: 'KbdInteractiveDevices', status: 'current', doc: 'Methods to use for keyboard-interactive authentication, comma-separated.' },
	{ name: 'KexAlgorithms', status: 'current', doc: 'Key exchange algorithms allowed, in order of preference.' },
	{ name: 'KnownHostsCommand', status: 'current', doc: 'Command whose output supplies extra host keys, in addition to the known_hosts files.' },
	{ name: 'LocalCommand', status: 'current', doc: 'Command run on the local machine after connecting; needs `PermitLocalCommand yes`.' },
	{ name: 'LocalForward', status: 'current', doc: 'Forwards a local port or socket to a host and port reachable from the remote side (`[bind:]port host:hostport`).' },
	{ name: 'LogLevel', status: 'current', doc: "Verbosity of ssh's log: QUIET, FATAL, ERROR, INFO (default), VERBOSE, DEBUG, DEBUG1–3." },
	{ name: 'LogVerbose', status: 'current', doc: 'Overrides LogLevel for matching source files, functions and lines.' },
	{ name: 'MACs', status: 'current', doc: 'Message authentication code algorithms allowed, in order of preference.' },
	{ name: 'NoHostAuthenticationForLocalhost', status: 'current', doc: 'Skips host key checks for localhost (default `no`).' },
	{ name: 'NumberOfPasswordPrompts', status: 'current', doc: 'Number of password prompts before giving up (default 3).' },
	{ name: 'ObscureKeystrokeTiming', status: 'current', doc: 'Whether to hide inter-keystroke timing from network observers (default `yes`). OpenSSH 9.5+.' },
	{ name: 'PasswordAuthentication', status: 'current', doc: 'Whether to use password authentication (default `yes`).' },
	{ name: 'PermitLocalCommand', status: 'current', doc: 'Allows `LocalCommand` and the `!command` escape (default `no`).' },
	{ name: 'PermitRemoteOpen', status: 'current', doc: 'Destinations allowed when a `RemoteForward` acts as a SOCKS proxy.' },
	{ name: 'PKCS11Provider', status: 'current', doc: 'PKCS#11 shared library to use for keys on a token, or `none`.' },
	{ name: 'Port', status: 'current', doc: 'Port to connect to on the remote host (default 22). In ESSH the value must still be a string: `Port = "2222"`.' },
	{ name: 'PreferredAuthentications', status: 'current', doc: 'Order in which authentication methods are tried.' },
	{ name: 'ProxyCommand', status: 'current', doc: 'Command used to connect to the server instead of a direct TCP connection, e.g. `ssh -W %h:%p gateway`; `none` disables it.' },
	{ name: 'ProxyJump', status: 'current', doc: 'Jump hosts to connect through (`[user@]host[:port]`, comma-separated), or `none`.' },
	{ name: 'ProxyUseFdpass', status: 'current', doc: 'Whether ProxyCommand passes back a connected file descriptor instead of relaying data (default `no`).' },
	{ name: 'PubkeyAcceptedAlgorithms', status: 'current', doc: 'Signature algorithms used for public key authentication (formerly `PubkeyAcceptedKeyTypes`).' },
	{ name: 'PubkeyAuthentication', status: 'current', doc: 'Whether to try public key authentication: `yes` (default), `no`, `unbound` or `host-bound`.' },
	{ name: 'RefuseConnection', status: 'current', doc: 'Refuses the connection with the given message; useful in `Match` blocks. OpenSSH 10.1+.' },
	{ name: 'RekeyLimit', status: 'current', doc: 'Amount of data and/or time after which the session key is renegotiated.' },
	{ name: 'RemoteCommand', status: 'current', doc: 'Command to run on the remote machine after connecting.' },
	{ name: 'RemoteForward', status: 'current', doc: 'Forwards a remote port or socket back to the local side, or acts as a SOCKS proxy.' },
	{ name: 'RequestTTY', status: 'current', doc: 'Whether to request a pseudo-terminal: `no`, `yes`, `force` or `auto`.' },
	{ name: 'RequiredRSASize', status: 'current', doc: 'Minimum RSA key size in bits accepted (default 1024). OpenSSH 9.1+.' },
	{ name: 'RevokedHostKeys', status: 'current', doc: 'File of revoked host public keys (a text list or a KRL).' },
	{ name: 'SecurityKeyProvider', status: 'current', doc: 'Library used to load FIDO authenticator-hosted keys.' },
	{ name: 'SendEnv', status: 'current', doc: 'Local environment variables to send to the server (the server must accept them).' },
	{ name: 'ServerAliveCountMax', status: 'current', doc: 'Number of unanswered server-alive messages before disconnecting (default 3).' },
	{ name: 'ServerAliveInterval', status: 'current', doc: 'Seconds of silence after which a server-alive message is sent (default 0: never).' },
	{ name: 'SessionType', status: 'current', doc: '`default`, `none` (like `-N`) or `subsystem` (like `-s`).' },
	{ name: 'SetEnv', status: 'current', doc: 'Environment variables (`NAME=VALUE`) to send to the server.' },
	{ name: 'StdinNull', status: 'current', doc: 'Redirects stdin from /dev/null, like `ssh -n`.' },
	{ name: 'StreamLocalBindMask', status: 'current', doc: 'Octal umask used when creating Unix-domain sockets for forwarding (default 0177).' },
	{ name: 'StreamLocalBindUnlink', status: 'current', doc: 'Whether to remove an existing Unix-domain socket file before forwarding to it (default `no`).' },
	{ name: 'StrictHostKeyChecking', status: 'current', doc: 'Host key checking policy: `yes`, `accept-new`, `no`/`off` or `ask` (default).' },
	{ name: 'SyslogFacility', status: 'current', doc: "Syslog facility for ssh's log messages (default USER)." },
	{ name: 'TCPKeepAlive', status: 'current', doc: 'Whether TCP keepalive messages are sent (default `yes`).' },
	{ name: 'Tag', status: 'current', doc: 'Sets a configuration tag that later `Match tagged` blocks can select. OpenSSH 9.4+.' },
	{ name: 'Tunnel', status: 'current', doc: 'tun device forwarding: `yes`, `point-to-point`, `ethernet` or `no` (default).' },
	{ name: 'TunnelDevice', status: 'current', doc: 'tun devices to open on the client and server (`local_tun[:remote_tun]`).' },
	{ name: 'UpdateHostKeys', status: 'current', doc: 'Whether to accept additional host keys sent by the server after authentication: `yes`, `no` or `ask`.' },
	{ name: 'User', status: 'current', doc: 'User name to log in as.' },
	{ name: 'UserKnownHostsFile', status: 'current', doc: "Files used as the user's host key database (default ~/.ssh/known_hosts and known_hosts2)." },
	{ name: 'VerifyHostKeyDNS', status: 'current', doc: 'Whether to verify the host key with SSHFP DNS records: `yes`, `ask` or `no` (default).' },
	{ name: 'VersionAddendum', status: 'current', doc: 'Extra text appended to the SSH protocol banner the client sends. Client option since OpenSSH 10.0.' },
	{ name: 'VisualHostKey', status: 'current', doc: 'Whether an ASCII-art fingerprint of the host key is printed (default `no`).' },
	{ name: 'WarnWeakCrypto', status: 'current', doc: 'Whether to warn when the negotiated algorithms are weak. OpenSSH 10.1+.' },
	{ name: 'XAuthLocation', status: 'current', doc: 'Full path of the xauth program.' },
	{ name: 'ChallengeResponseAuthentication', status: 'alias', aliasOf: 'KbdInteractiveAuthentication', doc: 'Deprecated alias of `KbdInteractiveAuthentication`.' },
	{ name: 'SkeyAuthentication', status: 'alias', aliasOf: 'KbdInteractiveAuthentication', doc: 'Obsolete alias of `KbdInteractiveAuthentication`.' },
	{ name: 'TISAuthentication', status: 'alias', aliasOf: 'KbdInteractiveAuthentication', doc: 'Obsolete alias of `KbdInteractiveAuthentication`.' },
	{ name: 'DSAAuthentication', status: 'alias', aliasOf: 'PubkeyAuthentication', doc: 'Obsolete alias of `PubkeyAuthentication`.' },
	{ name: 'IdentityFile2', status: 'alias', aliasOf: 'IdentityFile', doc: 'Obsolete alias of `IdentityFile`.' },
	{ name: 'KeepAlive', status: 'alias', aliasOf: 'TCPKeepAlive', doc: 'Obsolete alias of `TCPKeepAlive`.' },
	{ name: 'HostbasedKeyTypes', status: 'alias', aliasOf: 'HostbasedAcceptedAlgorithms', doc: 'Obsolete name of `HostbasedAcceptedAlgorithms` (renamed in OpenSSH 8.5).' },
	{ name: 'PubkeyAcceptedKeyTypes', status: 'alias', aliasOf: 'PubkeyAcceptedAlgorithms', doc: 'Obsolete name of `PubkeyAcceptedAlgorithms` (renamed in OpenSSH 8.5).' },
	{ name: 'SmartcardDevice', status: 'alias', aliasOf: 'PKCS11Provider', doc: 'Obsolete alias of `PKCS11Provider`.' },
	{ name: 'Protocol', status: 'deprecated', doc: 'SSH protocol version; silently ignored since OpenSSH 7.6 (only protocol 2 remains).' },
	{ name: 'Cipher', status: 'deprecated', doc: 'SSH protocol 1 cipher; deprecated and ignored with a warning. Use `Ciphers`.' },
	{ name: 'FallBackToRsh', status: 'deprecated', doc: 'Removed rsh fallback; deprecated and ignored with a warning.' },
	{ name: 'GlobalKnownHostsFile2', status: 'deprecated', doc: 'Removed second global known-hosts file; deprecated and ignored. Use `GlobalKnownHostsFile`.' },
	{ name: 'RhostsAuthentication', status: 'deprecated', doc: 'Removed rhosts authentication; deprecated and ignored.' },
	{ name: 'UserKnownHostsFile2', status: 'deprecated', doc: 'Removed second user known-hosts file; deprecated and ignored. Use `UserKnownHostsFile`.' },
	{ name: 'UseRoaming', status: 'deprecated', doc: 'Removed roaming support; deprecated and ignored.' },
	{ name: 'UseRsh', status: 'deprecated', doc: 'Removed rsh support; deprecated and ignored.' },
	{ name: 'UsePrivilegedPort', status: 'deprecated', doc: 'Removed privileged source port option; deprecated and ignored.' },
	{ name: 'AFSTokenPassing', status: 'unsupported', doc: 'AFS token passing; no longer supported (ssh prints a warning and ignores it).' },
	{ name: 'KerberosAuthentication', status: 'unsupported', doc: 'SSH-1 Kerberos authentication; no longer supported. Use `GSSAPIAuthentication`.' },
	{ name: 'KerberosTGTPassing', status: 'unsupported', doc: 'SSH-1 Kerberos ticket passing; no longer supported. Use `GSSAPIDelegateCredentials`.' },
	{ name: 'RSAAuthentication', status: 'unsupported', doc: 'SSH-1 RSA authentication; no longer supported. Use `PubkeyAuthentication`.' },
	{ name: 'RhostsRSAAuthentication', status: 'unsupported', doc: 'SSH-1 rhosts-RSA authentication; no longer supported.' },
	{ name: 'CompressionLevel', status: 'unsupported', doc: 'SSH-1 compression level; no longer supported.' },
	{ name: 'UseKeychain', status: 'vendor', doc: "macOS only (Apple's ssh): store and read key passphrases in the Keychain. Stock OpenSSH rejects it unless listed in `IgnoreUnknown`." },
	{ name: 'GSSAPIKeyExchange', status: 'vendor', doc: 'GSSAPI key exchange; only in distributions carrying the GSSAPI key-exchange patch (Debian, Ubuntu, Fedora, RHEL).' },
	{ name: 'GSSAPIClientIdentity', status: 'vendor', doc: 'GSSAPI client identity to use; GSSAPI key-exchange patch only (Debian, Ubuntu, Fedora, RHEL).' },
	{ name: 'GSSAPIServerIdentity', status: 'vendor', doc: 'Expected GSSAPI server identity; GSSAPI key-exchange patch only (Debian, Ubuntu, Fedora, RHEL).' },
	{ name: 'GSSAPIRenewalForcesRekey', status: 'vendor', doc: 'Rekey when GSSAPI credentials are renewed; GSSAPI key-exchange patch only (Debian, Ubuntu, Fedora, RHEL).' },
	{ name: 'GSSAPITrustDns', status: 'vendor', doc: 'Trust DNS to canonicalize the host name for GSSAPI; GSSAPI key-exchange patch only (Debian, Ubuntu, Fedora, RHEL).' },
	{ name: 'GSSAPIKexAlgorithms', status: 'vendor', doc: 'GSSAPI key exchange algorithms; GSSAPI key-exchange patch only (Fedora, RHEL, Debian).' },
];

const sshKeywordsByLowerName: ReadonlyMap<string, SshKeyword> = new Map(SSH_KEYWORDS.map(keyword => [keyword.name.toLowerCase(), keyword]));

/** The ssh_config keyword spelled `name` in any case, or undefined when OpenSSH does not know it. */
export function sshKeyword(name: string): SshKeyword | undefined {
	return sshKeywordsByLowerName.get(name.toLowerCase());
}

/** The canonical spelling of an ssh_config keyword (`hostname` → `HostName`), or undefined for an unknown name. */
export function canonicalSshKeyword(name: string): string | undefined {
	return sshKeyword(name)?.name;
}

/**
 * True when ESSH treats a host key as an SSH-config property: its first character is an upper-case
 * letter (Go's `unicode.IsUpper`, the Unicode `Lu` category, so `Ä…` counts). Every other key is an
 * ESSH property and must be one of `HOST_KEYS` (essh-semantics.md, Hosts).
 */
export function isSshPropertyKey(key: string): boolean {
	return /^\p{Lu}/u.test(key);
}

/** ESSH's message for an SSH-config property whose value is not a string ([noloc], v0.50+). `Port = 22` is the classic case. */
export const SSH_PROPERTY_TYPE_MESSAGE = 'SSH property must be string';

// ---------------------------------------------------------------------------------------------
// ESSH keys
// ---------------------------------------------------------------------------------------------

/**
 * The kind of a Lua value as ESSH's checks see it. Tables are split the way ESSH's `toSlice`
 * splits them: `arrayTable` has a non-empty array part (`t[1] ~= nil`), whatever string keys it
 * also has; `mapTable` is non-empty with no array part; `emptyTable` is `{}`.
 */
export type LuaValueKind = 'nil' | 'boolean' | 'number' | 'string' | 'function' | 'userdata' | 'emptyTable' | 'arrayTable' | 'mapTable';

/**
 * The values an ESSH key accepts, as ESSH checks them (by type, never converting):
 * `stringList` is an array table or `{}`; `stringOrList` also a string; `stringMap` any table
 * whose keys and values must be strings (see `ElementRule`); `script` a string or a non-empty
 * table; `any` anything.
 */
export type EsshValueType =
	| 'string'
	| 'boolean'
	| 'function'
	| 'table'
	| 'stringList'
	| 'stringOrList'
	| 'stringOrBoolean'
	| 'stringOrFunction'
	| 'stringMap'
	| 'script'
	| 'any';

const tableKinds: readonly LuaValueKind[] = ['emptyTable', 'arrayTable', 'mapTable'];
const listKinds: readonly LuaValueKind[] = ['emptyTable', 'arrayTable'];

const acceptedKinds: Readonly<Record<EsshValueType, readonly LuaValueKind[]>> = {
	string: ['string'],
	boolean: ['boolean'],
	function: ['function'],
	table: tableKinds,
	stringList: listKinds,
	stringOrList: ['string', ...listKinds],
	stringOrBoolean: ['string', 'boolean'],
	stringOrFunction: ['string', 'function'],
	stringMap: tableKinds,
	// `{}` is read as a map entry without `code`, so it fails (with SCRIPT_MESSAGES.missingCode).
	script: ['string', 'arrayTable', 'mapTable'],
	any: ['nil', 'boolean', 'number', 'string', 'function', 'userdata', ...tableKinds],
};

/**
 * True when ESSH accepts a value of `kind` for a key of `type`. `nil` is rejected for every type
 * but `any`: in a table constructor a nil field is simply absent, but `obj.key = nil` is checked.
 */
export function valueTypeAccepts(type: EsshValueType, kind: LuaValueKind): boolean {
	return acceptedKinds[type].includes(kind);
}

/**
 * What ESSH does when loading meets a bad value. `fatal`: loading aborts with `message`;
 * `ignored`: the value is silently dropped and the previous value or default is kept.
 * In messages, `%v` stands for the offending value as Go prints it; see `fillMessage`.
 */
export interface LoadFailure {
	effect: 'fatal' | 'ignored';
	/** ESSH's message, exactly; absent when the value is ignored. */
	message?: string;
	/** True when ESSH prefixes the message with `FILE:LINE:` ([loc]); false for Go panics ([noloc]). */
	located?: boolean;
}

/** How ESSH treats the elements (array entries, or map values) of a table-valued key. */
export interface ElementRule {
	/** Element kinds accepted besides `string`. */
	alsoAccepts?: readonly LuaValueKind[];
	/**
	 * What a bad element does: `fatal` at load time, silently `dropped`, or an error only at
	 * `runtime` (when the task runs or the host is connected to).
	 */
	effect: 'fatal' | 'dropped' | 'runtime';
	/** Message for a bad element (or map value). */
	message?: string;
	/** For string maps: message for a key that is not a string. */
	keyMessage?: string;
	located?: boolean;
}

/** The resource whose definition table holds a key. */
export type EsshKeyOwner = 'host' | 'task' | 'driver' | 'group' | 'namespace' | 'job';

/** One key of an ESSH definition table. */
export interface EsshKeySpec {
	name: string;
	owner: EsshKeyOwner;
	type: EsshValueType;
	/** Versions in which ESSH knows the key. */
	versions: readonly VersionRange[];
	/** Markdown for hover and completion: effect, default and gotchas. */
	doc: string;
	/**
	 * What a value of the wrong type does from v0.50 on. Before v0.50 every wrong type and unknown
	 * key was silently ignored (see `hasStrictKeyValidation`).
	 */
	wrongType: LoadFailure;
	/** Rules for the elements of a table value. */
	element?: ElementRule;
	/** For string keys restricted to a few values (`backend`). */
	allowedValues?: readonly string[];
	/** What a string outside `allowedValues` does. */
	invalidValue?: LoadFailure;
}

/** Replaces the `%v` placeholder of an ESSH message with the offending value's text. */
export function fillMessage(message: string, value: string): string {
	return message.replace('%v', value);
}

/** True from v0.50, when ESSH began to reject unknown keys and wrongly typed values; before, it ignored them. */
export function hasStrictKeyValidation(version: EsshVersion): boolean {
	return inVersionRanges(version, [{ from: '0.50' }]);
}

/**
 * ESSH's message for an unknown key of `owner`, or undefined for drivers and groups, which accept
 * any key (a driver keeps it for its template, a group applies it as a default).
 */
export function unsupportedFieldMessage(owner: EsshKeyOwner, key: string): string | undefined {
	switch (owner) {
		case 'host':
		case 'task':
		case 'namespace':
		case 'job':
			return `unsupported ${owner}'s field '${key}'.`;
		case 'driver':
		case 'group':
			return undefined;
	}
}

function fatal(message: string, located: boolean): LoadFailure {
	return { effect: 'fatal', message, located };
}

const ignored: LoadFailure = { effect: 'ignored' };

function fieldTypeError(owner: 'host' | 'task' | 'job', key: string): LoadFailure {
	return fatal(`invalid value of a ${owner}'s field '${key}'.`, false);
}

/** ESSH's messages about `script` values and entries (essh-semantics.md, Tasks; essh-semantics.md, How ESSH fails). */
export const SCRIPT_MESSAGES = {
	/** `script`, or one of its entries, has a type other than string, table or (inside an array) function. [loc] */
	invalidValue: "'script' got a invalid value.",
	/** A table entry (or the whole value) without an array part has no `code`; `{}` included. [loc] */
	missingCode: "if a 'script' entry is table, it has to have 'code' property.",
	/** A table entry's value is neither a string nor a boolean. [noloc] */
	entryValue: "if a 'script' entry is table, it's value has to be string or bool.",
	/** Both a non-empty `script_file` and at least one script entry, counting group defaults. [loc] */
	sameTime: "invalid task definition: can't use 'script_file' and 'script' at the same time.",
} as const;

const md = (...paragraphs: string[]): string => paragraphs.join('\n\n');

const strictSince = 'Before v0.50 ESSH ignored unknown keys and wrong types.';

const hookDoc = md(
	'An array of hooks: shell-code strings, or functions called with no arguments that may return nil, a string or another function (resolved the same way).',
	'Only the array part is read, so a map-only table means "no hooks" and is silently accepted.',
	'Hooks fire **only** for a plain `essh <host>` with exactly one argument, never for tasks, `--exec` or ssh calls with extra arguments.',
	'Elements are checked only when you connect: anything else fails with `invalid type hook: V`.',
	'Default `{}`.',
);

/** The ESSH (lower-case) keys of a host definition, over all versions (essh-semantics.md, Hosts). */
export const HOST_KEYS: readonly EsshKeySpec[] = [
	{
		name: 'description', owner: 'host', type: 'string', versions: [{ from: '0.1' }],
		doc: md('Text shown by `essh --hosts`; zsh completion uses it, falling back to `"<name> host"`.', 'Default `""`.'),
		wrongType: fieldTypeError('host', 'description'),
	},
	{
		name: 'hidden', owner: 'host', type: 'boolean', versions: [{ from: '0.1' }],
		doc: md(
			'Hides the host from `essh --hosts` (v3.1+, unless `--all`) and from completion.',
			'The host **stays** in the generated ssh_config, stays selectable by tasks, `--exec` and `select_hosts`, and is still checked for name clashes.',
			'Default `false`.',
		),
		wrongType: fieldTypeError('host', 'hidden'),
	},
	{
		name: 'tags', owner: 'host', type: 'table', versions: [{ from: '0.11' }],
		doc: md(
			'Tags for selecting the host in `targets`, `filters` and `select_hosts`.',
			'Every *value* of the table is a tag: the array part first, then string keys in random order, so `{primary = "web"}` is the tag `web`.',
			'The table replaces earlier tags. A tag equal to a host name (this host\'s own name included) is fatal: `Tag \'N\' is duplicated with hostname.`',
			'Default `{}`.',
		),
		wrongType: fieldTypeError('host', 'tags'),
		element: { effect: 'fatal', message: 'unsupported format of tags.', located: true },
	},
	{
		name: 'props', owner: 'host', type: 'stringMap', versions: [{ from: '0.18' }],
		doc: md(
			'String-to-string table exported to task scripts as `ESSH_HOST_PROPS_<KEY>`: KEY is upper-cased, with `-` and `.` turned into `_`; other characters pass through unchanged.',
			'Keys and values must be strings (numbers are not converted).',
			'Default `{}`.',
		),
		wrongType: fieldTypeError('host', 'props'),
		element: {
			effect: 'fatal',
			message: "props table's value must be a string: %v",
			keyMessage: "props table's key must be a string: %v",
			located: true,
		},
	},
	{
		name: 'hooks_before_connect', owner: 'host', type: 'table', versions: [{ from: '0.50' }],
		doc: md('Hooks run **locally** before ssh starts.', hookDoc),
		wrongType: fieldTypeError('host', 'hooks_before_connect'),
		element: { alsoAccepts: ['function'], effect: 'runtime', message: 'invalid type hook: %v' },
	},
	{
		name: 'hooks_after_connect', owner: 'host', type: 'table', versions: [{ from: '0.50' }],
		doc: md('A script run **on the remote host** after login; ESSH adds `-t` and appends `exec $SHELL`.', hookDoc),
		wrongType: fieldTypeError('host', 'hooks_after_connect'),
		element: { alsoAccepts: ['function'], effect: 'runtime', message: 'invalid type hook: %v' },
	},
	{
		name: 'hooks_after_disconnect', owner: 'host', type: 'table', versions: [{ from: '0.50' }],
		doc: md('Hooks run **locally** after ssh exits.', hookDoc),
		wrongType: fieldTypeError('host', 'hooks_after_disconnect'),
		element: { alsoAccepts: ['function'], effect: 'runtime', message: 'invalid type hook: %v' },
	},
	{
		name: 'hooks', owner: 'host', type: 'table', versions: [{ from: '0.11', to: '0.50' }],
		doc: md(
			'Before v0.50: one table `{ before_connect = …, after_connect = …, after_disconnect = … }` (v0.11–v0.27 also accepted `before` and `after`).',
			'Replaced by `hooks_before_connect`, `hooks_after_connect` and `hooks_after_disconnect` in v0.50.',
		),
		wrongType: ignored,
	},
	{
		name: 'private', owner: 'host', type: 'boolean', versions: [{ from: '0.35', to: '0.68' }],
		doc: md('v0.35–v0.67: keeps the host private to its registry (set by `private_host`).', 'Removed in v0.68, when all hosts moved into one global map.'),
		wrongType: fieldTypeError('host', 'private'),
	},
];

const listDoc = 'A string becomes a one-element list. Non-string elements are silently dropped; `{}` means none. A non-empty map-style table, a number or a boolean is a type error.';

/** The keys of a task definition, over all versions (essh-semantics.md, Tasks; essh-semantics.md, Versions). */
export const TASK_KEYS: readonly EsshKeySpec[] = [
	{
		name: 'description', owner: 'task', type: 'string', versions: [{ from: '0.12' }],
		doc: md('Text shown by `essh --tasks` and completion, falling back to `"<name> task"`.', 'Default `""`.'),
		wrongType: fieldTypeError('task', 'description'),
	},
	{
		name: 'backend', owner: 'task', type: 'string', versions: [{ from: '0.35' }],
		doc: md(
			'Where the script runs: `"local"` (default) or `"remote"` (over ssh on each target host).',
			'Another string is fatal: `backend must be \'local\' or \'remote\'.`',
			'**A non-string value is silently ignored** and the task runs locally.',
		),
		wrongType: ignored,
		allowedValues: ['local', 'remote'],
		invalidValue: fatal("backend must be 'local' or 'remote'.", true),
	},
	{
		name: 'targets', owner: 'task', type: 'stringOrList', versions: [{ from: '0.35' }],
		doc: md(
			'Host names or tags the task runs on (a union). Each entry is taken literally: no globbing, no comma splitting.',
			listDoc,
			'Before v0.45 the key was called `on`.',
		),
		wrongType: fieldTypeError('task', 'targets'),
		element: { effect: 'dropped' },
	},
	{
		name: 'filters', owner: 'task', type: 'stringOrList', versions: [{ from: '0.60' }],
		doc: md(
			'Host names or tags that narrow `targets` down (each filter is ANDed). Ignored when `targets` is unset or empty.',
			listDoc,
			'*Since v0.60.*',
		),
		wrongType: fieldTypeError('task', 'filters'),
		element: { effect: 'dropped' },
	},
	{
		name: 'script', owner: 'task', type: 'script', versions: [{ from: '0.12' }],
		doc: md(
			'The shell code to run: a string, or an array of entries.',
			'Entries are strings; tables with a `code` key whose other keys are strings or booleans (available to driver templates as `.Scripts`); functions, called with no arguments **at definition time**, whose result is read by these same rules; or nested arrays, which are flattened.',
			'A table without an array part is one entry and must have `code` (so `script = {}` fails).',
			'Cannot be combined with a non-empty `script_file`, including one set as a group default.',
			'Since v2.5 `task "name" "code"` also sets it.',
		),
		wrongType: fatal(SCRIPT_MESSAGES.invalidValue, true),
	},
	{
		name: 'script_file', owner: 'task', type: 'string', versions: [{ from: '0.76' }],
		doc: md(
			'Path or `http(s)://` URL of the script, read **when the task runs**. A path is relative to the process working directory, not to the config file.',
			'Cannot be combined with a non-empty `script`. Default `""`.',
			'*Since v0.76; called `file` before.*',
		),
		wrongType: fieldTypeError('task', 'script_file'),
	},
	{
		name: 'driver', owner: 'task', type: 'string', versions: [{ from: '0.25' }],
		doc: md(
			'Name of the driver that builds the script. Resolved when the task runs: an unknown name fails then with `invalid driver name \'NAME\'`.',
			'Default `""`, meaning `"default"`.',
		),
		wrongType: fieldTypeError('task', 'driver'),
	},
	{
		name: 'pty', owner: 'task', type: 'boolean', versions: [{ from: '0.16' }],
		doc: md('Remote tasks only: start ssh with `-t -t` to allocate a pseudo-terminal.', 'Default `false`.'),
		wrongType: fieldTypeError('task', 'pty'),
	},
	{
		name: 'parallel', owner: 'task', type: 'boolean', versions: [{ from: '0.12' }],
		doc: md('Run on all target hosts at once instead of one after another.', 'Default `false`.'),
		wrongType: fieldTypeError('task', 'parallel'),
	},
	{
		name: 'privileged', owner: 'task', type: 'boolean', versions: [{ from: '0.16' }],
		doc: md('Wrap the script in `sudo bash -l -c …`. `user` wins over it.', 'Default `false`.'),
		wrongType: fieldTypeError('task', 'privileged'),
	},
	{
		name: 'user', owner: 'task', type: 'string', versions: [{ from: '2.1' }],
		doc: md('Wrap the script in `sudo -u USER bash -l -c …`; wins over `privileged`.', 'Default `""`.', '*Since v2.1.*'),
		wrongType: fieldTypeError('task', 'user'),
	},
	{
		name: 'hidden', owner: 'task', type: 'boolean', versions: [{ from: '0.35' }],
		doc: md('Hides the task from `essh --tasks` (unless `--all`) and from completion. It **can still be run**.', 'Default `false`.'),
		wrongType: fieldTypeError('task', 'hidden'),
	},
	{
		name: 'disabled', owner: 'task', type: 'boolean', versions: [{ from: '0.25' }],
		doc: md(
			'Hides the task and makes it impossible to run: `essh NAME` falls through to `ssh NAME`.',
			'Still checked for name clashes with hosts. Default `false`.',
		),
		wrongType: fieldTypeError('task', 'disabled'),
	},
	{
		name: 'prefix', owner: 'task', type: 'stringOrBoolean', versions: [{ from: '0.12' }],
		doc: md(
			'Prefix for each output line. `true` uses the default `[local:{{.Host.Name}}]` or `[remote:{{.Host.Name}}]` (padded to align host names; `[local] ` without a host).',
			'A string turns the prefix on and is a Go `text/template` with `.Host`, `.Task` and the functions `ShellEscape`, `ToUpper`, `ToLower`, `EnvKeyEscape`, `HostnameAlignString`; template errors show up only when the task runs.',
			'Default off.',
		),
		wrongType: fieldTypeError('task', 'prefix'),
	},
	{
		name: 'prepare', owner: 'task', type: 'function', versions: [{ from: '0.12' }],
		doc: md(
			'Called with the Task object when the task starts; it may change the task (`t.targets = …`).',
			'Returning exactly `false` aborts with `returned false from the prepare function.`; any other result continues.',
		),
		wrongType: fatal('prepare have to be a function.', true),
	},
	{
		name: 'props', owner: 'task', type: 'stringMap', versions: [{ from: '0.67', to: '0.71' }, { from: '0.72' }],
		doc: md(
			'String-to-string table exported to the script as `ESSH_TASK_PROPS_<KEY>` (KEY upper-cased, `-` and `.` turned into `_`).',
			'Keys and values must be strings.',
		),
		wrongType: fieldTypeError('task', 'props'),
		element: {
			effect: 'fatal',
			message: "props table's value must be a string: %v",
			keyMessage: "props table's key must be a string: %v",
			located: true,
		},
	},
	{
		name: 'ssh_options', owner: 'task', type: 'stringList', versions: [{ from: '3.3' }],
		doc: md(
			'Extra ssh arguments inserted before ESSH\'s own for **remote** tasks; ignored for local ones.',
			'**A non-array value is silently ignored, and so are non-string elements.** Default `{}`.',
			'*Since v3.3.*',
		),
		wrongType: ignored,
		element: { effect: 'dropped' },
	},
	{
		name: 'args', owner: 'task', type: 'stringList', versions: [{ from: '0.77' }],
		doc: md(
			'The command-line arguments of the task. **ESSH fills it** just before `prepare` runs, overwriting anything set in the config.',
			'Exported as `ESSH_TASK_ARGS_1…n`. Non-string elements are dropped; a non-array is a type error.',
			'*Since v0.77.*',
		),
		wrongType: fieldTypeError('task', 'args'),
		element: { effect: 'dropped' },
	},
	{
		name: 'file', owner: 'task', type: 'string', versions: [{ from: '0.16', to: '0.76' }],
		doc: md('Path of the script file; renamed `script_file` in v0.76.'),
		wrongType: fieldTypeError('task', 'file'),
	},
	{
		name: 'lock', owner: 'task', type: 'boolean', versions: [{ from: '0.20', to: '0.51' }],
		doc: md('Removed in v0.51.'),
		wrongType: fieldTypeError('task', 'lock'),
	},
	{
		name: 'env', owner: 'task', type: 'stringMap', versions: [{ from: '0.71', to: '0.72' }],
		doc: md('v0.71 only: environment variables for the script; `props` came back in v0.72.'),
		wrongType: fieldTypeError('task', 'env'),
	},
	{
		name: 'on', owner: 'task', type: 'stringOrList', versions: [{ from: '0.12', to: '0.45' }],
		doc: md('Old name of `targets` (v0.12–v0.44).', strictSince),
		wrongType: ignored,
	},
	{
		name: 'foreach', owner: 'task', type: 'stringOrList', versions: [{ from: '0.16', to: '0.45' }],
		doc: md('Removed in v0.45.', strictSince),
		wrongType: ignored,
	},
	{
		name: 'tty', owner: 'task', type: 'boolean', versions: [{ from: '0.12', to: '0.16' }],
		doc: md('Old name of `pty`.', strictSince),
		wrongType: ignored,
	},
	{
		name: 'configure', owner: 'task', type: 'function', versions: [{ from: '0.18', to: '0.45' }],
		doc: md('Removed in v0.45.', strictSince),
		wrongType: ignored,
	},
];

/**
 * The keys of a driver definition with a meaning to ESSH (essh-semantics.md, Drivers). Any other key is
 * accepted without validation, available to the template as `.Driver.Props.<key>`.
 */
export const DRIVER_KEYS: readonly EsshKeySpec[] = [
	{
		name: 'engine', owner: 'driver', type: 'stringOrFunction', versions: [{ from: '0.25' }],
		doc: md(
			'The driver\'s script template: a Go `text/template` string, or a function called with the Driver object when a task runs, which must return such a string (else `driver engine has to return a string.`).',
			'Template data: `.Scripts` (each with `code` and the extra keys of table entries), `.Task`, `.Host` (nil for a local task without host), `.Driver`, `.SSHConfigPath`, `.GOOS`, `.GOARCH`, `.Debug`, `.Executable` (v2.5+); functions `ShellEscape`, `ToUpper`, `ToLower`, `EnvKeyEscape`, `Add`; sub-templates `{{template "environment" .}}` and (v2.5+) `{{template "functions" .}}`.',
			'A driver without `engine` loads, but running a task with it fails: `invalid driver \'NAME\'. The engine was not defined.` Template errors also show up only at run time.',
		),
		wrongType: fatal("driver 'engine' have to be a function or string.", true),
	},
];

function memberTableKey(owner: 'group' | 'namespace' | 'job', name: 'hosts' | 'tasks' | 'drivers', versions: readonly VersionRange[]): EsshKeySpec {
	const kind = name.slice(0, -1);
	return {
		name,
		owner,
		type: 'table',
		versions,
		doc: md(
			`A table \`{ name = {definition}, … }\` of ${name}, each registered exactly as \`${kind} "name" {…}\` would and added to the ${owner}.`,
			`Keys must be strings and values tables (\`expected string of ${kind}'s name but got 'V'\`, \`expected table of ${kind}'s config but got 'V'\`).`,
			owner === 'group'
				? 'A group holds only one kind of resource. Any other string key of a group is a default for its members.'
				: `Moving a ${kind} into the ${owner} removes it from the global space.`,
		),
		wrongType: fatal("expected table but got '%v'", false),
	};
}

/** The keys of a group that are not member defaults: `hosts`, `tasks` and `drivers` (essh-semantics.md, Group defaults). */
export const GROUP_RESERVED_KEYS: readonly EsshKeySpec[] = [
	memberTableKey('group', 'hosts', [{ from: '0.85' }]),
	memberTableKey('group', 'tasks', [{ from: '0.85' }]),
	memberTableKey('group', 'drivers', [{ from: '0.85' }]),
];

/** The only keys a namespace accepts, v0.85.0–v2.1.x (essh-semantics.md, Namespaces). */
export const NAMESPACE_KEYS: readonly EsshKeySpec[] = [
	memberTableKey('namespace', 'hosts', [{ from: '0.85', to: '2.2' }]),
	memberTableKey('namespace', 'tasks', [{ from: '0.85', to: '2.2' }]),
	memberTableKey('namespace', 'drivers', [{ from: '0.85', to: '2.2' }]),
];

/**
 * The keys of a job, v0.68–v1.0.x (essh-semantics.md, Namespaces). From v0.85 `job` is an alias of `namespace`,
 * so only `hosts`, `tasks` and `drivers` remain. `base` and `props` were dropped in v0.82 (ESSH's
 * source at that tag; the reference words it as "v0.71–v0.82").
 */
export const JOB_KEYS: readonly EsshKeySpec[] = [
	memberTableKey('job', 'hosts', [{ from: '0.68', to: '2.0' }]),
	memberTableKey('job', 'tasks', [{ from: '0.68', to: '2.0' }]),
	memberTableKey('job', 'drivers', [{ from: '0.68', to: '2.0' }]),
	{
		name: 'description', owner: 'job', type: 'string', versions: [{ from: '0.71', to: '0.85' }],
		doc: 'Text shown in job listings.', wrongType: fieldTypeError('job', 'description'),
	},
	{
		name: 'prepare', owner: 'job', type: 'function', versions: [{ from: '0.71', to: '0.85' }],
		doc: 'Called with the Job object before one of its tasks runs; returning `false` aborts.',
		wrongType: fatal('prepare have to be a function.', true),
	},
	{
		name: 'hidden', owner: 'job', type: 'boolean', versions: [{ from: '0.82', to: '0.85' }],
		doc: 'Hides the job from listings.', wrongType: fieldTypeError('job', 'hidden'),
	},
	{
		name: 'base', owner: 'job', type: 'table', versions: [{ from: '0.71', to: '0.82' }],
		doc: 'A table of job keys applied first.', wrongType: fatal("expected table but got '%v'", false),
	},
	{
		name: 'config', owner: 'job', type: 'table', versions: [{ from: '0.71', to: '0.72' }],
		doc: 'v0.71 only.', wrongType: fieldTypeError('job', 'config'),
	},
	{
		name: 'env', owner: 'job', type: 'stringMap', versions: [{ from: '0.71', to: '0.72' }],
		doc: 'v0.71 only.', wrongType: fieldTypeError('job', 'env'),
	},
	{
		name: 'props', owner: 'job', type: 'stringMap', versions: [{ from: '0.72', to: '0.82' }],
		doc: 'String-to-string properties of the job.', wrongType: fieldTypeError('job', 'props'),
	},
];

function keysFor(specs: readonly EsshKeySpec[], version: EsshVersion): readonly EsshKeySpec[] {
	// The same version object is asked about for every property: skip building its key.
	const last = lastKeys.get(specs);
	if (last && last.version === version) {
		return last.result;
	}
	const versionKey = `${version.major}.${version.minor}.${version.patch}`;
	let perVersion = keysCache.get(specs);
	if (!perVersion) {
		perVersion = new Map();
		keysCache.set(specs, perVersion);
	}
	let result = perVersion.get(versionKey);
	if (!result) {
		result = Object.freeze(specs.filter(spec => inVersionRanges(version, spec.versions)));
		perVersion.set(versionKey, result);
	}
	lastKeys.set(specs, { version, result });
	return result;
}

/** The last version object asked about per spec list, and its answer (versions are plain data, never mutated). */
const lastKeys = new Map<readonly EsshKeySpec[], { version: EsshVersion; result: readonly EsshKeySpec[] }>();

/** `keysFor` per spec list and version: property validation asks for every key of every resource. */
const keysCache = new Map<readonly EsshKeySpec[], Map<string, readonly EsshKeySpec[]>>();

/** The ESSH host keys that exist in `version`. */
export function hostKeysFor(version: EsshVersion): readonly EsshKeySpec[] {
	return keysFor(HOST_KEYS, version);
}

/** The task keys that exist in `version` (`user` from v2.1, `ssh_options` from v3.3, …). */
export function taskKeysFor(version: EsshVersion): readonly EsshKeySpec[] {
	return keysFor(TASK_KEYS, version);
}

/** The driver keys with a meaning in `version` (just `engine`, from v0.25). */
export function driverKeysFor(version: EsshVersion): readonly EsshKeySpec[] {
	return keysFor(DRIVER_KEYS, version);
}

/** The reserved group keys in `version` (none before v0.85). */
export function groupReservedKeysFor(version: EsshVersion): readonly EsshKeySpec[] {
	return keysFor(GROUP_RESERVED_KEYS, version);
}

/** The namespace keys in `version` (none outside v0.85.0–v2.1.x). */
export function namespaceKeysFor(version: EsshVersion): readonly EsshKeySpec[] {
	return keysFor(NAMESPACE_KEYS, version);
}

/** The job keys in `version` (none outside v0.68.0–v1.0.x). */
export function jobKeysFor(version: EsshVersion): readonly EsshKeySpec[] {
	return keysFor(JOB_KEYS, version);
}

// ---------------------------------------------------------------------------------------------
// Built-in globals and `essh` members
// ---------------------------------------------------------------------------------------------

/** A global function or `essh.*` member, with the versions in which ESSH defines it. */
export interface BuiltinSpec {
	/** The name as written in code: `namespace`, `essh.get_namespace`. */
	name: string;
	versions: readonly VersionRange[];
	/** Markdown for hover and for the removed-builtin message. */
	doc: string;
	/**
	 * Set on `module`: outside `versions` the name is Lua 5.1's own `module()`, which exists in
	 * every version. Only the ESSH call shape (`module "x" {…}`, `module("x", {…})`) then fails,
	 * because Lua's `module` returns nothing and the chained call calls nil.
	 */
	luaFallback?: boolean;
}

/** The globals ESSH adds, in every version that has them. v3 adds exactly these five (essh-semantics.md, Registration and call shapes). */
export const ESSH_GLOBALS: readonly BuiltinSpec[] = [
	{ name: 'host', versions: [{ from: '0.18' }], doc: 'Defines a host: `host "name" { … }`, `host("name", { … })`, or `host { name = { … }, … }` for several at once. Returns a Host object.' },
	{ name: 'task', versions: [{ from: '0.18' }], doc: 'Defines a task: `task "name" { … }`, `task("name", { … })`; `task { … }` defines the task `default`; `task "name" "code"` (v2.5+) sets its script. Returns a Task object.' },
	{ name: 'driver', versions: [{ from: '0.25' }], doc: 'Defines a driver: `driver "name" { engine = … }`; `driver { … }` replaces the built-in `default` driver. Returns a Driver object.' },
	{ name: 'group', versions: [{ from: '0.85' }], doc: 'Applies default values to resources of one kind: `group { key = default, host "a" {…}, … }` or `group { hosts = { … }, … }`. Groups have no name and add no scope.' },
	{ name: 'essh', versions: [{ from: '0.11' }], doc: 'The ESSH API table: `essh.select_hosts`, `essh.ssh_config`, `essh.version`, `essh.debug`, `essh.current_registry` and aliases of the global functions.' },
];

/**
 * The `essh` table's members. Versions say when each member first held its value; `kind` and
 * `doc` describe v3.x (essh-semantics.md, Registration and call shapes). `module` is nil in v3, a leftover.
 */
export interface EsshMemberSpec extends BuiltinSpec {
	kind: 'function' | 'string' | 'nil';
	/** Call signature for functions, e.g. `essh.select_hosts([selection])`. */
	signature?: string;
}

/** The members of the `essh` table in v3.x, named without the `essh.` prefix. */
export const ESSH_TABLE_MEMBERS: readonly EsshMemberSpec[] = [
	{ name: 'host', kind: 'function', signature: 'essh.host(name [, definition])', versions: [{ from: '0.16' }], doc: 'Exact alias of the global `host`.' },
	{ name: 'task', kind: 'function', signature: 'essh.task(name [, definition])', versions: [{ from: '0.16' }], doc: 'Exact alias of the global `task`.' },
	{ name: 'driver', kind: 'function', signature: 'essh.driver(name [, definition])', versions: [{ from: '0.25' }], doc: 'Exact alias of the global `driver`.' },
	{ name: 'group', kind: 'function', signature: 'essh.group(definition)', versions: [{ from: '0.85' }], doc: 'Exact alias of the global `group`.' },
	{
		name: 'select_hosts', kind: 'function', signature: 'essh.select_hosts([selection])', versions: [{ from: '0.68' }],
		doc: md(
			'Builds a host query. `selection` may be omitted, a string, or an array of strings (host names or tags; non-string elements are dropped).',
			'The query is evaluated by `:get()` against the hosts registered **so far**. Methods: `:filter(x)` (AND-filters, changes the query in place), `:visible()` / `:hidden()` (v3.1+), `:get()` (array of Host objects). `:first()` is broken in every release.',
			'Errors: `select_hosts can receive max 1 argument.` (v2.2+), `select_hosts can receive string or array table of strings.`',
		),
	},
	{
		name: 'ssh_config', kind: 'string', versions: [{ from: '0.11' }],
		doc: md(
			'Path of the ssh_config file ESSH writes: a fresh temporary file, set before any config file runs. It may be reassigned to a fixed path.',
			'If it is not a string when ESSH needs it, the run fails with `invalid value V in the \'ssh_config\'`.',
		),
	},
	{ name: 'version', kind: 'string', versions: [{ from: '0.50' }], doc: 'The ESSH version, e.g. `"3.4.0"`.' },
	{
		name: 'debug', kind: 'function', signature: 'essh.debug(message)', versions: [{ from: '0.28' }],
		doc: 'Prints `[essh debug] message` only with `--debug` or `ESSH_DEBUG` set. `message` must be a string (numbers are not converted): `bad argument #1 to debug (string expected, got number)`.',
	},
	{
		name: 'current_registry', kind: 'function', signature: 'essh.current_registry()', versions: [{ from: '0.68' }],
		doc: md(
			'Returns the Registry object of the file being loaded. Its only method in v3 is `:type()`: `"local"` for the working-directory config and its override, `"global"` for `~/.essh/config.lua` and `config_override.lua`.',
			'v0.53–v2.5 also had `:data_dir()`, `:modules_dir()`, and `:tmp_dir()` or `:cache_dir()`.',
		),
	},
	{ name: 'module', kind: 'nil', versions: [{ from: '3.0' }], doc: 'Always nil in v3 (a leftover). In v2.x it held `{path, params, var}` while a module was being evaluated.' },
];

/**
 * Globals and `essh.*` members that ESSH no longer defines in v3, with the versions in which they
 * exist. Calling one outside its range fails with `attempt to call a non-function object`
 * (removed-builtin, docs/diagnostics.md). Ranges follow ESSH's history (essh-semantics.md, Versions); where it is silent
 * they come from ESSH's source at each release tag. Besides the names docs/diagnostics.md lists, this has
 * `remote_task`, `essh.namespace`, `essh.job`, `essh.module`, `essh.override_host` and
 * `essh.remote_task`, which vanished the same way.
 */
export const REMOVED_BUILTINS: readonly BuiltinSpec[] = [
	{ name: 'namespace', versions: [{ from: '0.85', to: '2.2' }], doc: 'Defined a namespace (`namespace "ns" { hosts = …, tasks = …, drivers = … }`), v0.85.0–v2.1.x. Removed in v2.2.0; `group` sets shared defaults.' },
	{ name: 'job', versions: [{ from: '0.68', to: '2.0' }], doc: 'Defined a job, v0.68.0–v1.0.x (an alias of `namespace` from v0.85). Removed in v2.0.0.' },
	{
		name: 'module', versions: [{ from: '2.0', to: '2.3' }], luaFallback: true,
		doc: 'ESSH\'s `module "src" {params}` recorded a module to load, v2.0.0–v2.2.x; renamed `load_module` in v2.3.0. In other versions `module` is Lua 5.1\'s own function, so `module "x" {…}` fails.',
	},
	{ name: 'load_module', versions: [{ from: '2.3', to: '3.0' }], doc: 'Recorded a module to load (`load_module "src" {params}`), v2.3.0–v2.5.x. Modules were removed in v3.0.0.' },
	{ name: 'import', versions: [{ from: '0.50', to: '3.0' }], doc: 'Fetched and ran a module or package (`import "github.com/u/r"`), v0.50.0–v2.5.x. Removed in v3.0.0.' },
	{ name: 'private_host', versions: [{ from: '0.35', to: '0.68' }], doc: 'Defined a host private to its registry, v0.35.0–v0.67.x. Removed in v0.68.0.' },
	{ name: 'override_host', versions: [{ from: '0.43', to: '0.50' }], doc: 'Changed an existing host, v0.43.0–v0.49.x.' },
	{ name: 'find_hosts', versions: [{ from: '0.50', to: '0.68' }], doc: 'Queried hosts, v0.50.0–v0.67.x. Replaced by `essh.select_hosts` in v0.68.0.' },
	{ name: 'registry', versions: [{ from: '0.53', to: '0.68' }], doc: 'Returned the current registry, v0.53.0–v0.67.x. Replaced by `essh.current_registry` in v0.68.0.' },
	{ name: 'Host', versions: [{ from: '0.1', to: '0.35' }], doc: 'Capitalised `Host "name" {…}`, v0.1.0–v0.34.x. Use `host`.' },
	{ name: 'Task', versions: [{ from: '0.12', to: '0.35' }], doc: 'Capitalised `Task "name" {…}`, v0.12.0–v0.34.x. Use `task`.' },
	{ name: 'remote_task', versions: [{ from: '0.20', to: '0.35' }], doc: 'Defined a remote task, v0.20.0–v0.34.x. Use `task` with `backend = "remote"`.' },
	{ name: 'essh.namespace', versions: [{ from: '0.85', to: '2.2' }], doc: 'Alias of `namespace`, v0.85.0–v2.1.x.' },
	{ name: 'essh.namespaces', versions: [{ from: '0.85', to: '2.2' }], doc: 'Returned all Namespace objects, v0.85.0–v2.1.x.' },
	{ name: 'essh.get_namespace', versions: [{ from: '0.85', to: '2.2' }], doc: 'Returned the Namespace object of a name, or nil, v0.85.0–v2.1.x.' },
	{ name: 'essh.job', versions: [{ from: '0.68', to: '2.0' }], doc: 'Alias of `job`, v0.68.0–v1.0.x.' },
	{ name: 'essh.jobs', versions: [{ from: '0.71', to: '2.0' }], doc: 'Returned all jobs, v0.71.0–v1.0.x (namespaces from v0.85).' },
	{ name: 'essh.get_job', versions: [{ from: '0.68', to: '2.0' }], doc: 'Returned the job of a name, v0.68.0–v1.0.x (a namespace from v0.85).' },
	{ name: 'essh.module', versions: [{ from: '2.0', to: '2.3' }], doc: 'Alias of ESSH\'s `module` function, v2.0.0–v2.2.x. Nil in v3.' },
	{ name: 'essh.load_module', versions: [{ from: '2.3', to: '3.0' }], doc: 'Alias of `load_module`, v2.3.0–v2.5.x.' },
	{ name: 'essh.find_hosts', versions: [{ from: '0.50', to: '0.68' }], doc: 'Alias of `find_hosts`, v0.50.0–v0.67.x. Use `essh.select_hosts`.' },
	{ name: 'essh.gethosts', versions: [{ from: '0.43', to: '0.68' }], doc: 'Returned hosts, v0.43.0–v0.67.x. Use `essh.select_hosts(…):get()`.' },
	{ name: 'essh.hosts', versions: [{ from: '0.44', to: '0.68' }], doc: 'Alias of `essh.gethosts`, v0.44.0–v0.67.x. Use `essh.select_hosts(…):get()`.' },
	{ name: 'essh.registry', versions: [{ from: '0.44', to: '0.68' }], doc: 'Returned the current registry, v0.44.0–v0.67.x. Use `essh.current_registry()`.' },
	{ name: 'essh.require', versions: [{ from: '0.16', to: '0.68' }], doc: 'Loaded a module, v0.16.0–v0.49.x; an alias of `import` in v0.50–v0.67.' },
	{ name: 'essh.private_host', versions: [{ from: '0.35', to: '0.68' }], doc: 'Alias of `private_host`, v0.35.0–v0.67.x.' },
	{ name: 'essh.override_host', versions: [{ from: '0.43', to: '0.50' }], doc: 'Alias of `override_host`, v0.43.0–v0.49.x.' },
	{ name: 'essh.import', versions: [{ from: '0.50', to: '2.0' }], doc: 'Alias of `import`, v0.50.0–v1.0.x.' },
	{ name: 'essh.remote_task', versions: [{ from: '0.20', to: '0.25' }], doc: 'Alias of `remote_task`, v0.20.0–v0.24.x.' },
];

const builtinsByName: ReadonlyMap<string, BuiltinSpec> = new Map<string, BuiltinSpec>([
	...ESSH_GLOBALS.map(spec => [spec.name, spec] as const),
	...ESSH_TABLE_MEMBERS.filter(spec => spec.kind !== 'nil').map(spec => [`essh.${spec.name}`, spec] as const),
	// Removed names come last so that `essh.module`, nil in v3, takes the range of the old function.
	...REMOVED_BUILTINS.map(spec => [spec.name, spec] as const),
]);

/** The spec of a global (`namespace`) or dotted `essh` member (`essh.get_namespace`), or undefined for other names. */
export function builtinSpec(name: string): BuiltinSpec | undefined {
	return builtinsByName.get(name);
}

/**
 * True when ESSH defines `name` (a global, or `essh.member`) with a non-nil value in `version`.
 * False for names ESSH never defined. For `module` this is about ESSH's own function: Lua's
 * `module` always exists, so callers flag only the `module "x" {…}` shape (see `luaFallback`).
 */
export function isBuiltinAvailable(name: string, version: EsshVersion): boolean {
	const spec = builtinsByName.get(name);
	return spec !== undefined && inVersionRanges(version, spec.versions);
}

/**
 * The globals of ESSH's gopher-lua before any config runs: the Lua 5.1 base library and standard
 * tables, and gopher-lua's `channel` (reference §1.1). Reading any other global that no file has
 * assigned yields nil.
 */
export const LUA_GLOBALS: ReadonlySet<string> = new Set([
	'_G', '_VERSION', 'assert', 'collectgarbage', 'dofile', 'error', 'getfenv', 'getmetatable', 'ipairs', 'load', 'loadfile', 'loadstring', 'module',
	'newproxy', 'next', 'pairs', 'pcall', 'print', 'rawequal', 'rawget', 'rawset', 'require', 'select', 'setfenv', 'setmetatable', 'tonumber', 'tostring',
	'type', 'unpack', 'xpcall', 'coroutine', 'debug', 'io', 'math', 'os', 'package', 'string', 'table', 'channel',
]);

/** True when a global has a value before any config file runs in `version`: Lua's own, or one ESSH defines there. */
export function isPredefinedGlobal(name: string, version: EsshVersion): boolean {
	return LUA_GLOBALS.has(name) || isBuiltinAvailable(name, version);
}

// ---------------------------------------------------------------------------------------------
// Bundled `require` libraries
// ---------------------------------------------------------------------------------------------

/**
 * The command-line options of ESSH 3.x, which ESSH takes out of its arguments wherever they stand
 * before `--`, so a task with one of these names can never be run: `essh --hosts` lists hosts.
 * `prefix` options also consume any argument that starts with them (`--target=web`). Read from
 * ESSH's argument parser at the 3.0 to 3.4 release tags; before 3.0 the option set differed and is
 * not modelled.
 */
export const ESSH_OPTIONS: ReadonlyArray<{ name: string; prefix?: boolean; versions: readonly VersionRange[] }> = [
	...['--print', '--version', '--help', '--color', '--no-color', '--debug', '--hosts', '--ssh-config', '--quiet', '--all', '--tasks', '--select', '--tags', '--gen',
		'--zsh-completion', '--zsh-completion-hosts', '--zsh-completion-tags', '--zsh-completion-tasks', '--bash-completion', '--bash-completion-hosts', '--bash-completion-tags',
		'--bash-completion-tasks', '--aliases', '--working-dir', '--config', '--exec', '--privileged', '--user', '--parallel', '--prefix', '--prefix-string', '--driver', '--target',
		'--filter', '--backend', '--script-file', '--pty'].map(name => ({ name, versions: [{ from: '3.0' }] })),
	{ name: '--global', versions: [{ from: '3.2' }] },
	...['--select=', '--working-dir=', '--config=', '--user=', '--prefix-string=', '--driver=', '--target=', '--filter=', '--backend='].map(name => ({ name, prefix: true, versions: [{ from: '3.0' }] })),
];

/** The ESSH option a task name collides with in `version`, or undefined when `essh NAME` can run the task. */
export function optionTaskNameClash(name: string, version: EsshVersion): string | undefined {
	const option = ESSH_OPTIONS.find(candidate => (candidate.prefix ? name.startsWith(candidate.name) : name === candidate.name) && inVersionRanges(version, candidate.versions));
	return option?.name;
}

/** A Lua library ESSH preloads for `require` (essh-semantics.md, require, dofile and the search path). */
export interface BundledLibrary {
	/** The `require` name since v0.50. */
	name: string;
	/** The Go package that implements it. */
	source: string;
	/** Functions of the module table, from the library's current source. */
	functions: readonly string[];
	/** True for `sh`, where any field is a command (`sh.ls("-la")`) and the module is callable. */
	anyMember?: boolean;
	/** Versions in which `require(name)` works. */
	versions: readonly VersionRange[];
	/** Older `require` names of the same library. */
	aliases: readonly { name: string; versions: readonly VersionRange[] }[];
	doc: string;
	/** Functions added in a later version than the library itself (the fork's `aws`), with that version. */
	laterFunctions?: readonly { name: string; since: string }[];
	/** Globals that `require` creates as a side effect (the fork's vadv libraries register userdata types). */
	globals?: readonly string[];
	/** True when the module itself is callable (`inspect(value)`). */
	callable?: boolean;
}

const esshPrefixEra: VersionRange = { from: '0.12', to: '0.45' };
const gluaPrefixEra: VersionRange = { from: '0.37', to: '0.51' };
const plainNameEra: VersionRange = { from: '0.50' };

/** The libraries ESSH preloads for `require`, with their older `essh.*` and `glua.*` names. */
export const BUNDLED_LIBRARIES: readonly BundledLibrary[] = [
	{
		name: 'json', source: 'layeh/gopher-json', functions: ['encode', 'decode'], versions: [plainNameEra],
		aliases: [{ name: 'essh.json', versions: [esshPrefixEra] }, { name: 'glua.json', versions: [gluaPrefixEra] }],
		doc: 'JSON encoding and decoding.',
	},
	{
		name: 'fs', source: 'kohkimakimoto/gluafs',
		functions: ['exists', 'read', 'write', 'mkdir', 'remove', 'symlink', 'dirname', 'basename', 'realpath', 'getcwd', 'chdir', 'file', 'dir', 'glob'],
		versions: [plainNameEra],
		aliases: [{ name: 'essh.fs', versions: [esshPrefixEra] }, { name: 'glua.fs', versions: [gluaPrefixEra] }],
		doc: 'File system helpers.',
	},
	{
		name: 'yaml', source: 'kohkimakimoto/gluayaml', functions: ['parse', 'dump'], versions: [plainNameEra],
		aliases: [{ name: 'essh.yaml', versions: [esshPrefixEra] }, { name: 'glua.yaml', versions: [gluaPrefixEra] }],
		doc: 'YAML parsing and dumping.',
	},
	{
		name: 'template', source: 'kohkimakimoto/gluatemplate', functions: ['dostring', 'dofile'], versions: [plainNameEra],
		aliases: [{ name: 'essh.template', versions: [esshPrefixEra] }, { name: 'glua.template', versions: [gluaPrefixEra] }],
		doc: 'Go text/template rendering.',
	},
	{
		name: 'question', source: 'kohkimakimoto/gluaquestion', functions: ['ask', 'secret'], versions: [plainNameEra],
		aliases: [{ name: 'essh.question', versions: [esshPrefixEra] }, { name: 'glua.question', versions: [gluaPrefixEra] }],
		doc: 'Interactive prompts on the terminal.',
	},
	{
		name: 'env', source: 'kohkimakimoto/gluaenv', functions: ['set', 'get', 'loadfile'], versions: [plainNameEra],
		aliases: [{ name: 'glua.env', versions: [{ from: '0.39', to: '0.51' }] }],
		doc: 'Environment variables, and loading them from a file.',
	},
	{
		name: 'http', source: 'cjoudrey/gluahttp',
		functions: ['get', 'post', 'put', 'patch', 'delete', 'head', 'request', 'request_batch'],
		versions: [plainNameEra],
		aliases: [{ name: 'essh.http', versions: [{ from: '0.15', to: '0.45' }] }, { name: 'glua.http', versions: [gluaPrefixEra] }],
		doc: 'HTTP client.',
	},
	{
		name: 're', source: 'yuin/gluare', functions: ['find', 'gsub', 'match', 'gmatch', 'quote'], versions: [plainNameEra],
		aliases: [{ name: 'glua.re', versions: [{ from: '0.50', to: '0.51' }] }],
		doc: 'Regular expressions with Go syntax.',
	},
	{
		name: 'sh', source: 'otm/gluash', functions: [], anyMember: true, versions: [plainNameEra],
		aliases: [{ name: 'essh.sh', versions: [{ from: '0.43', to: '0.45' }] }, { name: 'glua.sh', versions: [{ from: '0.43', to: '0.51' }] }],
		doc: 'Shell commands as functions: any field is a command, e.g. `sh.ls("-la")`; the module itself is callable.',
	},
	...forkLibraries(),
];

/**
 * The libraries the sevir/essh fork preloads beyond upstream's: eleven from
 * 3.5.4, `aws`, `watch` and `mdns` from 3.8.0. Like the others they exist only through `require`.
 */
function forkLibraries(): BundledLibrary[] {
	const since354: VersionRange[] = [{ from: '3.5.4' }];
	const since380: VersionRange[] = [{ from: '3.8.0' }];
	const library = (name: string, source: string, versions: VersionRange[], functions: string[], doc: string, extra: Partial<BundledLibrary> = {}): BundledLibrary =>
		({ name, source, functions, versions, aliases: [], doc: `${doc} (sevir/essh fork, ${versions[0].from} and later)`, ...extra });
	return [
		library('strings', 'chai2010/glua-strings', since354, [
			'Compare', 'Contains', 'ContainsAny', 'ContainsRune', 'Count', 'EqualFold', 'Fields', 'FieldsFunc', 'HasPrefix', 'HasSuffix', 'Index', 'IndexAny', 'IndexByte',
			'IndexFunc', 'IndexRune', 'Join', 'LastIndex', 'LastIndexAny', 'LastIndexByte', 'LastIndexFunc', 'Map', 'Repeat', 'Replace', 'Split', 'SplitAfter', 'SplitAfterN',
			'SplitN', 'Title', 'ToLower', 'ToTitle', 'ToUpper', 'Trim', 'TrimFunc', 'TrimLeft', 'TrimLeftFunc', 'TrimPrefix', 'TrimRight', 'TrimRightFunc', 'TrimSpace', 'TrimSuffix',
		], 'Go\'s `strings` package with its capitalised names; indexes are 0-based as in Go'),
		library('time', 'vadv/gopher-lua-libs', since354, ['unix', 'unix_nano', 'sleep', 'parse', 'format'], 'Time in seconds, sleeping, parsing and formatting with Go layouts'),
		library('tac', 'vadv/gopher-lua-libs', since354, ['open'], 'Reads a file backwards, line by line (`tac.open(path):line()`)', { globals: ['tac_ud'] }),
		library('storage', 'vadv/gopher-lua-libs', since354, ['open'], 'A small key-value store (`storage.open(path)`, then `:get`, `:set`, `:keys`, `:dump`, `:sync`, `:close`)', { globals: ['storage_ud'] }),
		library('log', 'vadv/gopher-lua-libs', since354, ['new'], 'Loggers (`log.new([output[, prefix[, flags]]])`, then `:print`, `:println`, `:printf`, …)', { globals: ['logger_ud'] }),
		library('loglevel', 'vadv/gopher-lua-libs', since354, ['levels', 'DEBUG', 'INFO', 'WARN', 'ERROR', 'get_level', 'set_level', 'default_output', 'set_default_output'], 'Leveled loggers over `log`', { globals: ['logger_ud'] }),
		library('crypto', 'vadv/gopher-lua-libs', since354, ['md5', 'sha256'], 'Hex digests'),
		library('base64', 'vadv/gopher-lua-libs', since354, ['StdEncoding', 'URLEncoding', 'RawStdEncoding', 'RawURLEncoding', 'new_encoding', 'new_encoder', 'new_decoder'], 'Base64 encodings (`base64.StdEncoding:encode_to_string(s)`)'),
		library('runtime', 'vadv/gopher-lua-libs', since354, ['goos', 'goarch'], 'The operating system and architecture ESSH runs on'),
		library('inspect', 'vadv/gopher-lua-libs', since354, ['inspect', 'KEY', 'METATABLE'], 'Human-readable dumps of Lua values; the module is callable: `inspect(value)`', { callable: true }),
		library('db', 'vadv/gopher-lua-libs', since354, ['open'], 'SQL databases (`db.open("postgres" or "mysql", dsn)`, then `:query`, `:exec`, `:stmt`, `:close`)', { globals: ['db_ud', 'stmt_ud'] }),
		library('aws', 'sevir/gluaaws', since380, ['listEC2Instances'], 'AWS helpers (camelCase)', {
			laterFunctions: [
				{ name: 'createCloudfrontInvalidation', since: '3.8.1' }, { name: 'uploadToS3', since: '3.8.1' }, { name: 'listS3Files', since: '3.8.1' }, { name: 'downloadFromS3', since: '3.8.1' },
			],
		}),
		library('watch', 'sevir/gluawatch', since380, ['watch'], 'Watches paths and calls back on changes, without blocking'),
		library('mdns', 'sevir/gluamdns', since380, ['browse'], 'mDNS service discovery'),
	];
}

/** The functions (module fields) of a bundled library in `version`. */
export function libraryFunctions(library: BundledLibrary, version: EsshVersion): string[] {
	return [...library.functions, ...(library.laterFunctions ?? []).filter(entry => inVersionRanges(version, [{ from: entry.since }])).map(entry => entry.name)];
}

/** The `require` names that load a bundled library in `version`, current and older names alike. */
export function bundledRequireNames(version: EsshVersion): Array<{ name: string; library: BundledLibrary }> {
	const result: Array<{ name: string; library: BundledLibrary }> = [];
	for (const library of BUNDLED_LIBRARIES) {
		if (inVersionRanges(version, library.versions)) {
			result.push({ name: library.name, library });
		}
		for (const alias of library.aliases) {
			if (inVersionRanges(version, alias.versions)) {
				result.push({ name: alias.name, library });
			}
		}
	}
	return result;
}

/**
 * For a `require` name that loads no bundled library in `version` but did (or will) in another
 * one, the library and the name that works in `version`, if any (`glua.sh` in 3.4 is `sh`).
 */
export function libraryOfAnotherEra(requireName: string, version: EsshVersion): { library: BundledLibrary; names: readonly VersionRange[]; workingName: string | undefined } | undefined {
	for (const library of BUNDLED_LIBRARIES) {
		const names = [{ name: library.name, versions: library.versions }, ...library.aliases];
		const entry = names.find(candidate => candidate.name === requireName);
		if (!entry || inVersionRanges(version, entry.versions)) {
			continue;
		}
		return { library, names: entry.versions, workingName: names.find(candidate => inVersionRanges(version, candidate.versions))?.name };
	}
	return undefined;
}

/** The bundled library that `require(requireName)` loads in `version`, under its current or an older name, or undefined. */
export function bundledLibraryFor(requireName: string, version: EsshVersion): BundledLibrary | undefined {
	for (const library of BUNDLED_LIBRARIES) {
		if (library.name === requireName && inVersionRanges(version, library.versions)) {
			return library;
		}
		if (library.aliases.some(alias => alias.name === requireName && inVersionRanges(version, alias.versions))) {
			return library;
		}
	}
	return undefined;
}

// ---------------------------------------------------------------------------------------------
// Did you mean
// ---------------------------------------------------------------------------------------------

/**
 * Optimal string alignment distance (Damerau–Levenshtein where each substring is edited at most
 * once): insertions, deletions, substitutions and transpositions of adjacent characters cost 1.
 */
export function editDistance(a: string, b: string): number {
	const rows = a.length + 1;
	const columns = b.length + 1;
	const table: number[][] = [];
	for (let row = 0; row < rows; row++) {
		table.push(new Array<number>(columns).fill(0));
		table[row][0] = row;
	}
	for (let column = 0; column < columns; column++) {
		table[0][column] = column;
	}
	for (let row = 1; row < rows; row++) {
		for (let column = 1; column < columns; column++) {
			const cost = a[row - 1] === b[column - 1] ? 0 : 1;
			let best = Math.min(table[row - 1][column] + 1, table[row][column - 1] + 1, table[row - 1][column - 1] + cost);
			if (row > 1 && column > 1 && a[row - 1] === b[column - 2] && a[row - 2] === b[column - 1]) {
				best = Math.min(best, table[row - 2][column - 2] + 1);
			}
			table[row][column] = best;
		}
	}
	return table[a.length][b.length];
}

/**
 * The candidate `name` most likely meant, for "did you mean" messages and quick-fixes.
 * A candidate equal to `name` ignoring case wins outright (`hostname` → `HostName`). Otherwise the
 * candidate with the smallest edit distance (`editDistance`, compared case-insensitively) wins if
 * that distance is at most `maxDistance` (default `max(1, floor(name.length / 3))`) and smaller
 * than the candidate's length, so a short name is never "corrected" into an unrelated word.
 * Ties go to the earlier candidate; candidates that are exactly `name` are never suggested.
 */
export function nearestName(name: string, candidates: Iterable<string>, maxDistance?: number): string | undefined {
	const search = startSearch(name, maxDistance);
	searchInOrder(search, candidates);
	return search.caseMatch ?? search.best;
}

/** The state of one `nearestName` search: the best candidate so far and a case-insensitive match. */
interface NameSearch {
	name: string;
	lowerName: string;
	limit: number;
	best: string | undefined;
	bestDistance: number;
	caseMatch: string | undefined;
}

function startSearch(name: string, maxDistance: number | undefined): NameSearch {
	return { name, lowerName: name.toLowerCase(), limit: maxDistance ?? Math.max(1, Math.floor(name.length / 3)), best: undefined, bestDistance: Number.POSITIVE_INFINITY, caseMatch: undefined };
}

/** Visits `candidates` in order, after whatever `search` already holds (ties go to the earlier candidate). */
function searchInOrder(search: NameSearch, candidates: Iterable<string>): void {
	const { name, lowerName, limit } = search;
	for (const candidate of candidates) {
		if (candidate === name) {
			continue;
		}
		const lowerCandidate = candidate.toLowerCase();
		if (lowerCandidate === lowerName) {
			search.caseMatch ??= candidate;
			continue;
		}
		// The distance is at least the length difference: skipping hopeless candidates keeps a very long
		// name (a 30,000-character key) from costing a full edit-distance table per candidate.
		const lengthDifference = Math.abs(lowerCandidate.length - lowerName.length);
		if (lengthDifference > limit || lengthDifference >= search.bestDistance) {
			continue;
		}
		const distance = editDistance(lowerName, lowerCandidate);
		if (distance <= limit && distance < candidate.length && distance < search.bestDistance) {
			search.best = candidate;
			search.bestDistance = distance;
		}
	}
}

/** Names prepared for many `nearestName` queries: grouped by the length of their lower-case form, each group in the names' order. */
export interface PreparedNames {
	byLength: Map<number, { names: string[]; lower: string[]; order: number[] }>;
}

/** Prepares `names` (in their order) for `nearestPreparedName`. */
export function prepareNames(names: Iterable<string>): PreparedNames {
	const byLength: PreparedNames['byLength'] = new Map();
	let order = 0;
	for (const name of names) {
		const lower = name.toLowerCase();
		let group = byLength.get(lower.length);
		if (!group) {
			group = { names: [], lower: [], order: [] };
			byLength.set(lower.length, group);
		}
		group.names.push(name);
		group.lower.push(lower);
		group.order.push(order++);
	}
	return { byLength };
}

/**
 * `nearestName(name, [...prepared names, ...rest], maxDistance)`, visiting only the prepared names
 * whose lower-case length is within the limit of the name's (the distance is at least the length
 * difference, so no other can be suggested): a suggestion among 50,000 host names costs the few
 * names of about the right length, not a pass over all of them.
 */
export function nearestPreparedName(name: string, prepared: PreparedNames, rest: Iterable<string>, maxDistance?: number): string | undefined {
	const search = startSearch(name, maxDistance);
	const { lowerName, limit } = search;
	// A case-insensitive match wins outright, the earliest first: the prepared names come first.
	const sameLength = prepared.byLength.get(lowerName.length);
	if (sameLength) {
		for (let index = 0; index < sameLength.names.length; index++) {
			if (sameLength.lower[index] === lowerName && sameLength.names[index] !== name) {
				return sameLength.names[index];
			}
		}
	}
	let bestOrder = Number.POSITIVE_INFINITY;
	for (let length = Math.max(0, lowerName.length - limit); length <= lowerName.length + limit; length++) {
		const group = prepared.byLength.get(length);
		if (!group || Math.abs(length - lowerName.length) > search.bestDistance) {
			continue;
		}
		for (let index = 0; index < group.names.length; index++) {
			const candidate = group.names[index];
			if (candidate === name) {
				continue;
			}
			const distance = editDistance(lowerName, group.lower[index]);
			// Ties go to the earlier name, as in `nearestName`'s single pass.
			if (distance <= limit && distance < candidate.length && (distance < search.bestDistance || (distance === search.bestDistance && group.order[index] < bestOrder))) {
				search.best = candidate;
				search.bestDistance = distance;
				bestOrder = group.order[index];
			}
		}
	}
	// The rest come after every prepared name, so they win only with a smaller distance.
	searchInOrder(search, rest);
	return search.caseMatch ?? search.best;
}
