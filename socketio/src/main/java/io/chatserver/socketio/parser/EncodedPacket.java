package io.chatserver.socketio.parser;

import io.vertx.core.buffer.Buffer;

/**
 * A packet encoded once, ready for any number of receivers: the Engine.IO message text (already
 * prefixed with '4') and the binary attachments sent right after it (null when none).
 */
public record EncodedPacket(String engineText, Buffer[] attachments) {}
