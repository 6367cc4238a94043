"""Tests of gateway.transports: local folders, SFTP against a real sshd, AS2 against openssl."""
