package io.relevo.kb;

/** How sure the knowledge base is about an {@link Answer}. */
public enum Band {
  /** One article answers the question; show it. */
  ANSWER,
  /** A few articles may answer it; let the user choose. */
  CHOOSE,
  /** Nothing relevant enough; say so or hand off to a person. */
  UNKNOWN
}
