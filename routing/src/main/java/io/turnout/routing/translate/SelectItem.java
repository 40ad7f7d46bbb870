package io.turnout.routing.translate;

/**
 * One item of a select list: its original range, whether it has an alias, and (when the server derives its label
 * from a column) the range of that column's last component.
 */
record SelectItem(int start, int end, boolean aliased, int labelStart, int labelEnd) {
}
