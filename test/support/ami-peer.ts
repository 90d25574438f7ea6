import net from 'node:net';

/**
 * A stand-in for Asterisk's Manager Interface (Debian has no Asterisk), written from its
 * documentation rather than from our client: the banner line, packets of `Key: Value` lines
 * ended by a blank line, Login (a wrong secret is answered `Response: Error` and the
 * connection closed, as Asterisk does), ActionID echoed on every response, Originate
 * (`Response: Success`, then an OriginateResponse event), QueuePause, Ping, Logoff. It records
 * every action it receives and sends events to the logged-in clients when told.
 */

export type AmiPacket = Record<string, string>;

export interface AmiPeer {
  port: number;
  /** Every action received, in order (Login included), as key → value. */
  actions: AmiPacket[];
  /** The received actions named `action`. */
  actionsNamed(action: string): AmiPacket[];
  /** The next `action` is answered `Response: Error` with this message. */
  failNext(action: string, message: string): void;
  /** Sends an `Event:` packet to every logged-in client. */
  emit(event: string, fields: AmiPacket): void;
  /** Logged-in connections now. */
  sessions(): number;
  /** Cuts every connection (a PBX restart). */
  dropAll(): void;
  close(): Promise<void>;
}

const BANNER = 'Asterisk Call Manager/9.0.0';

function packet(fields: AmiPacket): string {
  return `${Object.entries(fields)
    .map(([k, v]) => `${k}: ${v}\r\n`)
    .join('')}\r\n`;
}

function parse(text: string): AmiPacket {
  const out: AmiPacket = {};
  for (const line of text.split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon > 0) out[line.slice(0, colon)] = line.slice(colon + 1).trim();
  }
  return out;
}

export async function startAmiPeer(account: { user: string; secret: string }): Promise<AmiPeer> {
  const actions: AmiPacket[] = [];
  const failures = new Map<string, string[]>();
  const sockets = new Set<net.Socket>();
  const loggedIn = new Set<net.Socket>();
  let uniqueid = 1_700_000_000;

  function answer(socket: net.Socket, a: AmiPacket): void {
    const id: AmiPacket = a.ActionID !== undefined ? { ActionID: a.ActionID } : {};
    const reply = (fields: AmiPacket) => socket.write(packet({ ...fields, ...id }));
    const action = (a.Action ?? '').toLowerCase();
    if (action === 'login') {
      if (a.Username === account.user && a.Secret === account.secret) {
        loggedIn.add(socket);
        reply({ Response: 'Success', Message: 'Authentication accepted' });
        socket.write(packet({ Event: 'FullyBooted', Privilege: 'system,all', Status: 'Fully Booted' }));
      } else {
        reply({ Response: 'Error', Message: 'Authentication failed' });
        socket.end();
      }
      return;
    }
    if (!loggedIn.has(socket)) return void reply({ Response: 'Error', Message: 'Permission denied' });
    const failure = failures.get(action)?.shift();
    if (failure !== undefined) return void reply({ Response: 'Error', Message: failure });
    switch (action) {
      case 'originate':
        reply({ Response: 'Success', Message: 'Originate successfully queued' });
        socket.write(
          packet({
            Event: 'OriginateResponse',
            Privilege: 'call,all',
            ...id,
            Response: 'Success',
            Channel: `${a.Channel}-00000001`,
            Context: a.Context ?? '',
            Exten: a.Exten ?? '',
            Reason: '4',
            Uniqueid: `${++uniqueid}.1`,
            CallerIDNum: '<unknown>',
            CallerIDName: '<unknown>',
          }),
        );
        return;
      case 'queuepause':
        return void reply({
          Response: 'Success',
          Message: a.Paused === 'true' ? 'Interface paused successfully' : 'Interface unpaused successfully',
        });
      case 'ping':
        return void reply({ Response: 'Success', Ping: 'Pong', Timestamp: `${Date.now() / 1000}` });
      case 'logoff':
        reply({ Response: 'Goodbye', Message: 'Thanks for all the fish.' });
        socket.end();
        return;
      default:
        return void reply({ Response: 'Error', Message: 'Invalid/unknown command' });
    }
  }

  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.setEncoding('utf8');
    let buffer = '';
    socket.on('data', (chunk: string) => {
      buffer += chunk;
      for (let end = buffer.indexOf('\r\n\r\n'); end >= 0; end = buffer.indexOf('\r\n\r\n')) {
        const a = parse(buffer.slice(0, end));
        buffer = buffer.slice(end + 4);
        actions.push(a);
        answer(socket, a);
      }
    });
    socket.on('error', () => socket.destroy());
    socket.on('close', () => {
      sockets.delete(socket);
      loggedIn.delete(socket);
    });
    socket.write(`${BANNER}\r\n`);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));

  return {
    port: (server.address() as net.AddressInfo).port,
    actions,
    actionsNamed: (action) => actions.filter((a) => a.Action?.toLowerCase() === action.toLowerCase()),
    failNext(action, message) {
      const key = action.toLowerCase();
      failures.set(key, [...(failures.get(key) ?? []), message]);
    },
    emit(event, fields) {
      for (const s of loggedIn) s.write(packet({ Event: event, Privilege: 'call,all', ...fields }));
    },
    sessions: () => loggedIn.size,
    dropAll() {
      for (const s of sockets) s.destroy();
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
