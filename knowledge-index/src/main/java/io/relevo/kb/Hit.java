package io.relevo.kb;

/**
 * One search result.
 *
 * @param score   fused relevance score in [0, 1]; comparable within one result list only
 * @param passage the section of the article body that answers the query (the lead paragraph or a heading with
 *                its content, lists whole; cut with "…" past about 700 characters, or 1,200 with a list), chosen
 *                for the kind of question (steps, rules, contact, urgent steps; see {@code PassageChoice})
 */
public record Hit(Article article, double score, String passage) {
}
