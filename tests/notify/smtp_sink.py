#!/usr/bin/python3
"""An SMTP sink for the tests (Debian's python3-aiosmtpd), on loopback.

Usage: smtp_sink.py DIR
Listens on 127.0.0.1 at a free port and prints "PORT <n>" once it accepts connections.
Every message received is written as DIR/<n>.eml (the bytes as received) and DIR/<n>.json:
the envelope and the message as Python's email package reads it (the Subject decoded from
its RFC 2047 encoded-words by email.header, the text body decoded from its transfer
encoding), so the tests compare against an independent reader. Runs until its standard input
closes or it receives SIGTERM.
"""
import asyncio
import email
import email.header
import email.policy
import json
import os
import signal
import socket
import sys

from aiosmtpd.controller import Controller


def decoded_subject(raw):
    return str(email.header.make_header(email.header.decode_header(raw)))


class Sink:
    def __init__(self, directory):
        self.directory = directory
        self.count = 0

    async def handle_DATA(self, server, session, envelope):
        self.count += 1
        base = os.path.join(self.directory, str(self.count))
        data = envelope.original_content or envelope.content
        with open(base + ".eml.part", "wb") as out:
            out.write(data)
        message = email.message_from_bytes(data, policy=email.policy.compat32)
        raw_subject = message.get("Subject", "")
        body = message.get_payload(decode=True) or b""
        record = {
            "mail_from": envelope.mail_from,
            "rcpt_tos": envelope.rcpt_tos,
            "headers": {k: v for k, v in message.items()},
            "subject": decoded_subject(raw_subject),
            "content_type": message.get_content_type(),
            "charset": message.get_content_charset(),
            "body": body.decode(message.get_content_charset() or "utf-8"),
        }
        with open(base + ".json.part", "w", encoding="utf-8") as out:
            json.dump(record, out, ensure_ascii=False)
        # Complete files only: the test polls for <n>.json.
        os.rename(base + ".eml.part", base + ".eml")
        os.rename(base + ".json.part", base + ".json")
        return "250 OK"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def main():
    directory = sys.argv[1]
    os.makedirs(directory, exist_ok=True)
    controller = Controller(Sink(directory), hostname="127.0.0.1", port=free_port())
    controller.start()
    print("PORT", controller.port, flush=True)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))  # stops in the finally below
    try:
        sys.stdin.read()
    finally:
        controller.stop()


if __name__ == "__main__":
    main()
