package io.relevo.core.conversation;

/**
 * A suggested answer shown as a button: {@code label} is what the person sees (and what is
 * recorded as their message when they choose it), {@code payload} what the bot receives.
 */
public record QuickReply(String label, String payload) {
}
