package io.chatserver.socketio;
