// zlib, from Debian's zlib1g-dev: sealed values are deflated before they are encrypted.
#include <zlib.h>
