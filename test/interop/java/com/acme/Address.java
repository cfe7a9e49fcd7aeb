package com.acme;

/** A non-final class nested in Order: Jackson writes it with its type id. */
public class Address {
    public String city;
    public int zip;

    public Address() {}

    public Address(String city, int zip) {
        this.city = city;
        this.zip = zip;
    }
}
