package io.chatserver;

public final class Main {
  public static void main(String[] args) {
  }
}
