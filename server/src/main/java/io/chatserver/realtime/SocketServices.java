package io.chatserver.realtime;

import io.chatserver.auth.AuthService;
import io.chatserver.chats.PrivateChatService;
import io.chatserver.messages.MessageService;
import io.chatserver.reads.ReadService;

/** The domain services the socket layer calls: the same rules as REST, nothing more. */
public record SocketServices(AuthService auth, MessageService messages, PrivateChatService chats,
    ReadService reads) {}
