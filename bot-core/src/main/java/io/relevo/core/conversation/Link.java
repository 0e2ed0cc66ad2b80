package io.relevo.core.conversation;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A link shown under a message, such as the knowledge article an answer comes from. Immutable.
 *
 * @param title what the link says
 * @param url a site-relative path ({@code /kb/...}) or an https URL
 * @param articleId the knowledge article's stable id, when the link is one; may be null
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Link(String title, String url, String articleId) {
}
