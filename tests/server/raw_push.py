#!/usr/bin/env python3
"""A git:// pusher that misbehaves on purpose, for bad_input_test.sh.

  raw_push.py PORT REPO REF NEW_ID PACK MODE

Speaks receive-pack's protocol by hand (gitprotocol-pack(5)): reads the ref
advertisement, asks to create REF at NEW_ID, then sends PACK as MODE says:
  corrupt   the pack with bytes in its middle overwritten, then waits for the answer;
  half      the first half of the pack, then closes the connection.
Prints what the server answered (the report-status lines), if anything.
"""
import socket
import sys


def pkt(data: bytes) -> bytes:
    return b"%04x" % (len(data) + 4) + data


def read_pkts(sock):
    """Yields pkt-line payloads until a flush packet or EOF."""
    buf = b""
    while True:
        while len(buf) < 4:
            chunk = sock.recv(65536)
            if not chunk:
                return
            buf += chunk
        size = int(buf[:4], 16)
        if size == 0:
            return
        while len(buf) < size:
            chunk = sock.recv(65536)
            if not chunk:
                return
            buf += chunk
        yield buf[4:size]
        buf = buf[size:]


def main():
    port, repo, ref, new_id, pack_path, mode = sys.argv[1:7]
    pack = open(pack_path, "rb").read()
    sock = socket.create_connection(("127.0.0.1", int(port)), timeout=60)
    sock.sendall(pkt(b"git-receive-pack /" + repo.encode() + b"\0host=127.0.0.1\0"))
    adverts = list(read_pkts(sock))
    if not adverts:
        print("no ref advertisement")
        return 1
    zero = b"0" * len(new_id)
    sock.sendall(pkt(zero + b" " + new_id.encode() + b" " + ref.encode() + b"\0report-status\n") + b"0000")
    if mode == "corrupt":
        middle = len(pack) // 2
        bad = pack[:middle] + b"\xde\xad\xbe\xef" * 16 + pack[middle + 64:]
        sock.sendall(bad)
        sock.shutdown(socket.SHUT_WR)
        answer = b""
        try:
            while True:
                chunk = sock.recv(65536)
                if not chunk:
                    break
                answer += chunk
        except socket.timeout:
            print("timed out waiting for the answer")
        except ConnectionResetError:
            print("the server closed the connection")
        print(answer.decode("utf-8", "replace"))
    elif mode == "half":
        sock.sendall(pack[: len(pack) // 2])
        sock.close()
        print("closed halfway")
    else:
        print("unknown mode " + mode)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
