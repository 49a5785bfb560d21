# "16 de septiembre de 2011"; "1234,5" and "12 345,5": a decimal comma and a no-break space between
# thousands, as the Real Academia Española writes them (and the United Nations' Spanish documents).
DATE_FORMAT = r"j \d\e F \d\e Y"
DATETIME_FORMAT = r"j \d\e F \d\e Y H:i"
YEAR_MONTH_FORMAT = r"F \d\e Y"
MONTH_DAY_FORMAT = r"j \d\e F"
DECIMAL_SEPARATOR = ","
THOUSAND_SEPARATOR = "\xa0"
NUMBER_GROUPING = 3
