package com.acme;

/** An unchecked exception of the decider's own, rebuilt from failure details. */
public class OutOfStockException extends RuntimeException {
    public OutOfStockException(String message) {
        super(message);
    }
}
