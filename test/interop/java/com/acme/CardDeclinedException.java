package com.acme;

/** A checked exception of the decider's own, rebuilt from failure details. */
public class CardDeclinedException extends Exception {
    public CardDeclinedException(String message) {
        super(message);
    }
}
