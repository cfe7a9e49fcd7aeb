package com.acme;

/** A final class: Jackson writes it with no type id, even at the top. */
public final class Receipt {
    public String chargeId;
    public long cents;
}
