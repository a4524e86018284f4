package io.chatserver.bench;
