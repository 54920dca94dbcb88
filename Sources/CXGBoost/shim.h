// XGBoost's C API, from Debian's libxgboost-dev (or Homebrew's xgboost).
#include <xgboost/c_api.h>
