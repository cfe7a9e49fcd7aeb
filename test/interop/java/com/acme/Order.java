package com.acme;

import java.util.Date;
import java.util.List;
import java.util.Map;

/** A class as activity methods take and return them: fields of final and non-final types. */
public class Order {
    public String id;
    public int qty;
    public List<String> tags;
    public Map<String, Long> prices;
    public Address shipTo;
    public String[] codes;
    public Long total;
    public Date createdAt;
}
