# Writes OUT, a C++ file holding the text of each flag list (harness/clients/flags/*.txt) by its
# name without extension. Run at build time: cmake -DOUT=... -DDIR=<the flags folder> -P this file.
file(GLOB flag_files "${DIR}/*.txt")
list(SORT flag_files)
set(body "")
foreach(list_file IN LISTS flag_files)
  get_filename_component(full "${list_file}" NAME)
  string(REGEX REPLACE "\\.txt$" "" name "${full}")
  file(READ "${list_file}" text)
  string(APPEND body "      {\"${name}\", R\"rwchaos_flags(${text})rwchaos_flags\"},\n")
endforeach()
file(WRITE "${OUT}.tmp"
  "// Generated from harness/clients/flags/*.txt by cmake/embed_flag_lists.cmake; do not edit.\n"
  "#include \"harness/clients/flag_lists.hpp\"\n\n"
  "namespace rwchaos::harness {\n\n"
  "const std::vector<EmbeddedFlagList>& embedded_flag_lists() {\n"
  "  static const std::vector<EmbeddedFlagList> lists = {\n${body}  };\n"
  "  return lists;\n}\n\n"
  "}  // namespace rwchaos::harness\n")
file(COPY_FILE "${OUT}.tmp" "${OUT}" ONLY_IF_DIFFERENT)
file(REMOVE "${OUT}.tmp")
